import { z } from "zod";
import { auditMany } from "@/lib/audit/audit";
import { actorOf, type Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/prisma";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import type { GroupStatus } from "@/lib/generated/prisma/enums.ts";
import { groupFilterSchema } from "@/lib/groups/group-filters";
import { parseGroupId } from "@/lib/groups/group-filters";
import { filterConditions, scopeCondition } from "@/lib/groups/group-query";
import { groupStatuses, planTransition } from "@/lib/triage/transitions";

/** A bulk update by filter may change at most this many groups; a wider one is refused, not cut short. */
export const maxGroupsPerUpdate = 10_000;
/**
 * How long an update's transaction may take: one of `maxGroupsPerUpdate` groups takes under a
 * second on an idle database, and the rest is room for a loaded one and for waiting on the locks
 * ingest and re-segmentation hold on the same groups. Past Prisma's default of 5 s, an update
 * failed with a 500 and changed nothing.
 */
const updateTransactionMs = 15_000;

export const groupChangeSchema = z
  .strictObject({
    status: z.enum(groupStatuses, { error: `one of ${groupStatuses.join(", ")}` }).optional(),
    /** Why: required when closing (resolved, false_positive). */
    reason: z.string().trim().max(1000, "at most 1000 characters").optional(),
    /** A person's email (or `me`), or null to unassign. */
    assignee: z.union([z.literal("me"), z.email("an email address, `me`, or null").toLowerCase(), z.null()]).optional(),
  })
  .refine((set) => set.status !== undefined || set.assignee !== undefined, { error: "give a status, an assignee, or both" })
  .refine((set) => set.reason === undefined || set.status !== undefined, { error: "only with a status", path: ["reason"] });

const groupIdText = z.union([z.string(), z.number().int()]).transform((value) => String(value));

/** `{"ids": [...]}` or `{"filter": {...}}` (the list's filters), and `{"set": {...}}`. */
export const updateGroupsSchema = z
  .strictObject({
    ids: z.array(groupIdText).min(1, "name at least one group").max(maxGroupsPerUpdate, `at most ${maxGroupsPerUpdate}`).optional(),
    filter: groupFilterSchema.optional(),
    set: groupChangeSchema,
  })
  .refine((body) => (body.ids === undefined) !== (body.filter === undefined), { error: "give either ids or a filter", path: ["ids"] });

interface Target {
  id: string;
  tenantId: string | null;
  status: GroupStatus;
  reason: string | null;
  assigneeId: string | null;
  assignee: string | null;
}

interface Person {
  id: string;
  email: string;
}

interface Assignee extends Person {
  seesAll: boolean;
  tenantIds: string[];
}

/**
 * Changes the status and/or assignee of the groups named by id or matched by a filter: the one path
 * for a single group and for bulk actions. Each group moves only where the workflow allows
 * (lib/triage/transitions.ts); the others are left as they are and reported in `skipped`. Groups
 * already where they were asked to go are counted as `unchanged` and keep their reason. All
 * changes and their audit rows stand or fall together. A group id the caller cannot see is
 * answered as missing, and nothing changes.
 */
export async function updateGroups(caller: Caller | null, body: unknown) {
  const reader = requirePermission(caller, "read");
  const { ids, filter, set } = updateGroupsSchema.parse(body);
  return scopedTransaction(getDb(), reader.scope, async (tx) => {
    const assignee = set.assignee === undefined ? undefined : await findAssignee(tx, set.assignee === "me" ? reader.email : set.assignee);
    const targets = ids ? await lockGroupsById(tx, reader, ids) : await lockGroupsByFilter(tx, reader, filter!);
    const actor = requirePermission(caller, "triage");

    const skipped: Array<{ id: string; error: string }> = [];
    let unchanged = 0;
    const changes: Array<{ target: Target; status: GroupStatus; reason: string | null; isStatusChanged: boolean; assignee: Person | null }> = [];
    for (const target of targets) {
      let next = { status: target.status, reason: target.reason, isStatusChanged: false };
      if (set.status !== undefined && set.status !== target.status) {
        const planned = planTransition(target.status, set.status, set.reason);
        if ("error" in planned) {
          skipped.push({ id: target.id, error: planned.error });
          continue;
        }
        next = { ...planned, isStatusChanged: true };
      }
      if (assignee && !canSee(assignee, target.tenantId)) {
        skipped.push({ id: target.id, error: `assignee: ${assignee.email} is no active person who can see this group's tenant` });
        continue;
      }
      const current = target.assigneeId ? { id: target.assigneeId, email: target.assignee ?? "" } : null;
      const nextAssignee = assignee === undefined ? current : assignee;
      if (!next.isStatusChanged && (nextAssignee?.id ?? null) === target.assigneeId) {
        unchanged++;
        continue;
      }
      changes.push({ target, ...next, assignee: nextAssignee });
    }

    if (changes.length > 0) {
      const rows = changes.map((c) => ({
        id: c.target.id,
        status: c.status,
        reason: c.reason,
        status_changed: c.isStatusChanged,
        assignee_id: c.assignee?.id ?? null,
      }));
      await tx.$executeRaw`
        UPDATE alert_groups g SET status = c.status::group_status, status_reason = c.reason,
          status_changed_at = CASE WHEN c.status_changed THEN now() ELSE g.status_changed_at END,
          assignee_id = c.assignee_id
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS c(id bigint, status text, reason text, status_changed boolean, assignee_id uuid)
        WHERE g.id = c.id`;
      await auditMany(
        tx,
        actorOf(actor),
        changes.map((c) => ({
          action: "group.update",
          objectType: "group",
          objectId: c.target.id,
          before: { status: c.target.status, reason: c.target.reason, assignee: c.target.assignee },
          after: { status: c.status, reason: c.reason, assignee: c.assignee?.email ?? null },
        })),
      );
    }
    return { updated: changes.length, unchanged, skipped };
  }, { timeoutMs: updateTransactionMs });
}

const targetColumns = Prisma.sql`
  g.id::text AS id, g.tenant_id AS "tenantId", g.status::text AS status, g.status_reason AS reason,
  g.assignee_id AS "assigneeId", (SELECT u.email FROM users u WHERE u.id = g.assignee_id) AS assignee`;

// Groups are locked in key order, as ingest locks them, so the two never wait on each other in a cycle.
async function lockGroupsById(tx: Tx, caller: Caller, idTexts: string[]): Promise<Target[]> {
  const ids = [...new Set(idTexts)];
  const missing = ids.find((id) => parseGroupId(id) === null);
  if (missing !== undefined) throw new AppError("not_found", `group: no group "${missing}"`);
  const targets = await tx.$queryRaw<Target[]>`
    SELECT ${targetColumns} FROM alert_groups g
    WHERE g.id = ANY(${ids}::bigint[]) AND ${scopeCondition(caller)}
    ORDER BY g.key FOR UPDATE OF g`;
  const found = new Set(targets.map((t) => t.id));
  const unseen = ids.find((id) => !found.has(id));
  if (unseen !== undefined) throw new AppError("not_found", `group: no group "${unseen}"`);
  return targets.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

async function lockGroupsByFilter(tx: Tx, caller: Caller, filter: z.output<typeof groupFilterSchema>): Promise<Target[]> {
  const conditions = await filterConditions(tx, caller, filter);
  const targets = await tx.$queryRaw<Target[]>`
    SELECT ${targetColumns} FROM alert_groups g
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY g.key LIMIT ${maxGroupsPerUpdate + 1} FOR UPDATE OF g`;
  if (targets.length > maxGroupsPerUpdate) {
    throw new AppError("invalid_input", `filter: matches more than ${maxGroupsPerUpdate} groups; narrow it`);
  }
  return targets.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/**
 * The person to assign, or null to unassign. An email no active person has is someone who sees no
 * tenant: each group skips them as it skips a person of other tenants, so that the answer does not
 * tell who has an account here. Their row is held (FOR SHARE) until this transaction ends, so a
 * change to their role, tenants or status, which unassigns them from the groups they no longer see
 * (lib/users/users.ts), either commits before this reads them or waits for this to commit. Taken
 * before any group's lock, as users.ts takes the person's before the groups'.
 */
async function findAssignee(tx: Tx, email: string | null): Promise<Assignee | null> {
  if (email === null) return null;
  await tx.$executeRaw`SELECT FROM users WHERE email = ${email} FOR SHARE`;
  const user = await tx.user.findUnique({ where: { email }, include: { tenants: { select: { tenantId: true } } } });
  if (!user || user.deactivatedAt) return { id: "", email, seesAll: false, tenantIds: [] };
  return { id: user.id, email: user.email, seesAll: user.role === "admin" || user.allTenants, tenantIds: user.tenants.map((t) => t.tenantId) };
}

/** Unassigned and host-level groups (no tenant) are seen by all-tenant people only. */
function canSee(person: Assignee, tenantId: string | null): boolean {
  return person.seesAll || (tenantId !== null && person.tenantIds.includes(tenantId));
}
