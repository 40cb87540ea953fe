import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { activityPeriod } from "@/lib/groups/activity-period";
import { readGroupActivity } from "@/lib/groups/group-activity";
import { decodeGroupCursor, encodeGroupCursor, type GroupCursor } from "@/lib/groups/group-cursor";
import { listGroupsQuerySchema, type GroupSort } from "@/lib/groups/group-filters";
import { filterConditions, showGroups, type GroupRow } from "@/lib/groups/group-query";

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
 * One page of the alert groups the caller may see that match the query (`listGroupsQuerySchema`),
 * each with its alerts in the period (since/until, else the last 24 hours: group-activity.ts), and
 * the cursor of the next page (null on the last).
 */
export async function listGroups(caller: Caller, query: unknown) {
  const { sort, limit, cursor, ...filter } = listGroupsQuerySchema.parse(query);
  const after = cursor === undefined ? null : decodeGroupCursor(cursor, sort);
  const period = activityPeriod(filter);
  const { rows, activity } = await scopedTransaction(getDb(), caller.scope, async (tx) => {
    const conditions = await filterConditions(tx, caller, filter);
    if (after) conditions.push(afterCursor(after));
    const selected = Prisma.sql`
      SELECT g.* FROM alert_groups g WHERE ${Prisma.join(conditions, " AND ")} ORDER BY ${orderBy[sort]} LIMIT ${limit + 1}`;
    const rows = await tx.$queryRaw<GroupRow[]>(showGroups(selected, orderBy[sort]));
    return { rows, activity: await readGroupActivity(tx, rows.slice(0, limit).map((row) => row.id), period) };
  });
  const items = rows.slice(0, limit).map((row) => ({ ...row, ...activity.get(row.id)! }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeGroupCursor(cursorAfter(last, sort)) : null };
}
