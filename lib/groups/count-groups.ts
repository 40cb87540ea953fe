import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { groupFilterSchema } from "@/lib/groups/group-filters";
import { filterConditions } from "@/lib/groups/group-query";
import { maxGroupsPerUpdate } from "@/lib/groups/update-groups";

/**
 * How many groups the caller may see match the filter, counted up to one more than a bulk update
 * may change: what a bulk action by filter would touch, said before it runs. `isCapped` when there
 * are more than the cap (the update would be refused).
 */
export async function countGroups(caller: Caller, query: unknown) {
  const filter = groupFilterSchema.parse(query);
  const [row] = await scopedTransaction(getDb(), caller.scope, async (tx) => {
    const conditions = await filterConditions(tx, caller, filter);
    return tx.$queryRaw<Array<{ count: number }>>`
      SELECT count(*)::int AS count FROM (
        SELECT 1 FROM alert_groups g WHERE ${Prisma.join(conditions, " AND ")} LIMIT ${maxGroupsPerUpdate + 1}
      ) matched`;
  });
  const count = row?.count ?? 0;
  return { count: Math.min(count, maxGroupsPerUpdate), isCapped: count > maxGroupsPerUpdate, cap: maxGroupsPerUpdate };
}
