import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { activityPeriod } from "@/lib/groups/activity-period";
import { readGroupActivity } from "@/lib/groups/group-activity";
import { decodeGroupCursor, encodeGroupCursor, type GroupCursor } from "@/lib/groups/group-cursor";
import { listGroupsQuerySchema, type GroupSort } from "@/lib/groups/group-filters";
import { filterSql, showGroups, type GroupFilterSql, type GroupRow } from "@/lib/groups/group-query";
import type { Tx } from "@/lib/db/prisma";

const orderBy: Record<GroupSort, Prisma.Sql> = {
  lastSeen: Prisma.sql`g.last_seen DESC, g.id DESC`,
  count: Prisma.sql`g.count DESC, g.id DESC`,
  priority: Prisma.sql`g.max_priority DESC, g.last_seen DESC, g.id DESC`,
};

/** Rows strictly after the cursor in the sort's (descending) order: a row comparison, no OFFSET. */
function afterCursor(cursor: GroupCursor): Prisma.Sql {
  switch (cursor.sort) {
    case "lastSeen":
      return Prisma.sql`(g.last_seen, g.id) < (${cursor.lastSeen}::timestamptz, ${cursor.id}::bigint)`;
    case "count":
      return Prisma.sql`(g.count, g.id) < (${cursor.count}::bigint, ${cursor.id}::bigint)`;
    case "priority":
      return Prisma.sql`(g.max_priority, g.last_seen, g.id) < (${cursor.priority}::priority, ${cursor.lastSeen}::timestamptz, ${cursor.id}::bigint)`;
  }
}

/**
 * Up to `count` groups matching the conditions, in the sort's order. A search (a namespace, host,
 * tag or text) may match most of a tenant's groups or a handful; not knowing which, PostgreSQL
 * tends to fetch every match and sort them, tens of milliseconds for a large tenant. So a search
 * whose matches all belong to one tenant (`walkTenant`) newest first tries that tenant's next
 * `searchWalkRows` groups that meet the row conditions, read in index order: if they hold `count`
 * matches, these are the first ones in list order. Else the plain query answers.
 */
async function selectPage(tx: Tx, { tenant, row, search, isSearch }: GroupFilterSql, walkTenant: string | null, sort: GroupSort, count: number) {
  const order = orderBy[sort];
  if (isSearch && walkTenant && sort === "lastSeen") {
    const walkConditions = [...tenant, Prisma.sql`g.tenant_id = ${walkTenant}::uuid`, ...row];
    const walked = Prisma.sql`
      SELECT g.* FROM (SELECT g.* FROM alert_groups g WHERE ${Prisma.join(walkConditions, " AND ")} ORDER BY ${order} LIMIT ${searchWalkRows}) g
      WHERE ${Prisma.join(search, " AND ")} ORDER BY ${order} LIMIT ${count}`;
    const rows = await tx.$queryRaw<GroupRow[]>(showGroups(walked, order));
    if (rows.length === count) return rows;
  }
  const selected = Prisma.sql`
    SELECT g.* FROM alert_groups g WHERE ${Prisma.join([...tenant, ...row, ...search], " AND ")} ORDER BY ${order} LIMIT ${count}`;
  return tx.$queryRaw<GroupRow[]>(showGroups(selected, order));
}

function cursorAfter(row: GroupRow, sort: GroupSort): GroupCursor {
  switch (sort) {
    case "lastSeen":
      return { sort, lastSeen: row.lastSeen, id: row.id };
    case "count":
      return { sort, count: row.count, id: row.id };
    case "priority":
      return { sort, priority: row.priority, lastSeen: row.lastSeen, id: row.id };
  }
}

/**
 * The tenant of every group the caller sees with alerts from `namespace`, if they have one (a
 * namespace is usually one tenant's, but the same name may be another's in another cluster): three
 * short reads of the (namespace, tenant_id) index, however many groups the namespace has.
 */
async function namespaceOwner(tx: Tx, namespace: string): Promise<string | null> {
  const [found] = await tx.$queryRaw<Array<{ tenantId: string; hasOthers: boolean }>>`
    SELECT f.tenant_id::text AS "tenantId",
      EXISTS (SELECT 1 FROM alert_group_namespaces n WHERE n.namespace = ${namespace} AND n.tenant_id > f.tenant_id)
        OR EXISTS (SELECT 1 FROM alert_group_namespaces n WHERE n.namespace = ${namespace} AND n.tenant_id IS NULL) AS "hasOthers"
    FROM (SELECT tenant_id FROM alert_group_namespaces WHERE namespace = ${namespace} AND tenant_id IS NOT NULL ORDER BY tenant_id LIMIT 1) f`;
  return found && !found.hasOthers ? found.tenantId : null;
}

/** How many of one tenant's newest groups a search tries before asking PostgreSQL for its plan. */
const searchWalkRows = 2_000;

/**
 * One page of the alert groups the caller may see that match the query (`listGroupsQuerySchema`),
 * each with its alerts in the period (since/until, else the last 24 hours: group-activity.ts), and
 * the cursor of the next page (null on the last).
 */
export async function listGroups(caller: Caller, query: unknown) {
  const { sort, limit, cursor, ...filter } = listGroupsQuerySchema.parse(query);
  const after = cursor === undefined ? null : decodeGroupCursor(cursor, sort);
  const period = activityPeriod(filter);
  const { rows, activity } = await scopedTransaction(getDb(), caller.scope, async (tx) => {
    const conditions = await filterSql(tx, caller, filter);
    if (after) conditions.tenant.push(afterCursor(after));
    const walkTenant =
      conditions.tenantId ?? (filter.namespace !== undefined && sort === "lastSeen" ? await namespaceOwner(tx, filter.namespace) : null);
    const rows = await selectPage(tx, conditions, walkTenant, sort, limit + 1);
    return { rows, activity: await readGroupActivity(tx, rows.slice(0, limit).map((row) => row.id), period) };
  });
  const items = rows.slice(0, limit).map((row) => ({ ...row, ...activity.get(row.id)! }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeGroupCursor(cursorAfter(last, sort)) : null };
}
