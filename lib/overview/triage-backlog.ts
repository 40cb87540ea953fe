import type { Tx } from "@/lib/db/prisma";
import { hasUnsuppressedAlerts } from "@/lib/groups/group-query";

export interface TriageBacklog {
  /** Open groups by their highest priority. */
  openByPriority: Partial<Record<string, number>>;
  open: number;
  acknowledged: number;
  /** The open group seen first: the one waiting longest for someone. */
  oldestOpen: { id: string; rule: string; priority: string; firstSeen: string } | null;
}

/**
 * A tenant's open and acknowledged groups, as the default triage list counts them (groups with an
 * alert no suppression rule matched), each from the partial index whose condition is its query's
 * (see the open_group_indexes migration).
 */
export async function readTriageBacklog(tx: Tx, tenantId: string): Promise<TriageBacklog> {
  const open = await tx.$queryRaw<Array<{ priority: string; groups: number }>>`
    SELECT g.max_priority::text AS priority, count(*)::float8 AS groups
    FROM alert_groups g
    WHERE g.tenant_id = ${tenantId}::uuid AND g.status = 'open' AND ${hasUnsuppressedAlerts}
    GROUP BY g.max_priority`;
  const [acknowledged] = await tx.$queryRaw<Array<{ groups: number }>>`
    SELECT count(*)::float8 AS groups
    FROM alert_groups g
    WHERE g.tenant_id = ${tenantId}::uuid AND g.status = 'acknowledged' AND ${hasUnsuppressedAlerts}`;
  const [oldest] = await tx.$queryRaw<Array<{ id: string; rule: string; priority: string; firstSeen: Date }>>`
    SELECT g.id::text AS id, g.rule, g.max_priority::text AS priority, g.first_seen AS "firstSeen"
    FROM alert_groups g
    WHERE g.tenant_id = ${tenantId}::uuid AND g.status = 'open' AND ${hasUnsuppressedAlerts}
    ORDER BY g.first_seen, g.id
    LIMIT 1`;
  return {
    openByPriority: Object.fromEntries(open.map((row) => [row.priority, row.groups])),
    open: open.reduce((sum, row) => sum + row.groups, 0),
    acknowledged: acknowledged?.groups ?? 0,
    oldestOpen: oldest ? { ...oldest, firstSeen: oldest.firstSeen.toISOString() } : null,
  };
}
