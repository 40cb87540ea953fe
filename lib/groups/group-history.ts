import type { Caller } from "@/lib/auth/caller";
import type { Tx } from "@/lib/db/prisma";
import { tenantIn } from "@/lib/db/scoped-db";
import { Prisma } from "@/lib/generated/prisma/client.ts";

export interface HistoryEvent {
  id: string;
  at: string;
  actor: string | null;
  action: string;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
}

interface EventRow {
  id: bigint;
  at: Date;
  actorEmail: string | null;
  action: string;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
}

/**
 * A group's audit rows, oldest first, with those of the groups its alerts came from when tenants
 * changed (`group.move`, resegment-alerts.ts), each up to its move, and theirs in turn. A move is
 * followed back only where the caller sees the tenant the alerts left (unassigned: all-tenant people
 * only), as they would see that group: the history of one tenant never shows to another. The move
 * itself shows, without where it came from. Call it once the group is known to be the caller's: the
 * audit trail has no tenant.
 */
export async function readGroupHistory(tx: Tx, caller: Caller, groupId: string): Promise<HistoryEvent[]> {
  const rows = await tx.$queryRaw<EventRow[]>`
    WITH RECURSIVE lineage(group_id, until_id) AS (
      SELECT ${groupId}::text, NULL::bigint
      UNION
      -- until_id falls at each step back, so the walk ends even where alerts moved back and forth
      SELECT m.before->>'group', m.id
      FROM lineage l JOIN audit_events m ON m.object_type = 'group' AND m.object_id = l.group_id AND m.action = 'group.move'
      WHERE (l.until_id IS NULL OR m.id < l.until_id) AND ${tenantIn("(m.before->>'tenantId')::uuid", caller.scope)}
    )
    SELECT e.id, e.at, e.actor_email AS "actorEmail", e.action, e.before, e.after FROM audit_events e
    WHERE e.id IN (
      SELECT h.id FROM lineage l JOIN audit_events h ON h.object_type = 'group' AND h.object_id = l.group_id
      WHERE l.until_id IS NULL OR h.id < l.until_id)
    ORDER BY e.id`;
  const tenantIds = rows.flatMap((row) => (row.action === "group.move" ? [tenantIdIn(row.before), tenantIdIn(row.after)] : []));
  // row-level security leaves out the tenants the caller cannot see
  const tenants = await tx.tenant.findMany({ where: { id: { in: tenantIds.filter((id) => id !== null) } }, select: { id: true, slug: true } });
  const slugs = new Map(tenants.map((tenant) => [tenant.id, tenant.slug]));
  const shown = (value: Prisma.JsonValue) => withVisibleTenant(value, caller, slugs);
  return rows.map((row) => ({
    id: row.id.toString(),
    at: row.at.toISOString(),
    actor: row.actorEmail,
    action: row.action,
    before: row.action === "group.move" ? shown(row.before) : row.before,
    after: row.action === "group.move" ? shown(row.after) : row.after,
  }));
}

function tenantIdIn(value: Prisma.JsonValue): string | null {
  const id = value && typeof value === "object" && !Array.isArray(value) ? value.tenantId : null;
  return typeof id === "string" ? id : null;
}

/**
 * A move's side with its tenant as the slug (null: unassigned), or null altogether where the caller
 * cannot see that tenant: never another tenant's id, nor the group it had there.
 */
function withVisibleTenant(value: Prisma.JsonValue, caller: Caller, slugs: Map<string, string>): Prisma.JsonValue {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const { tenantId: _id, ...rest } = value;
  const id = tenantIdIn(value);
  if (id === null) return caller.scope === "all" ? { ...rest, tenant: null } : null;
  const slug = slugs.get(id);
  return slug === undefined ? null : { ...rest, tenant: slug };
}
