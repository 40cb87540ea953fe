import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/prisma";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { withinBudget } from "@/lib/db/within-budget";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { groupFilterSchema } from "@/lib/groups/group-filters";
import { filterConditions } from "@/lib/groups/group-query";
import { maxGroupsPerUpdate } from "@/lib/groups/update-groups";

/** How long an exact count may take before the planner's estimate is answered instead. */
export const exactCountBudgetMs = 60;

/**
 * How many groups the caller may see match the filter, counted up to one more than a bulk update
 * may change: what a bulk action by filter would touch, said before it runs. `isCapped` when there
 * are more than the cap (the update would be refused). A filter that matches few of many groups
 * may need to read them all to count; past `exactCountBudgetMs` the answer is PostgreSQL's
 * estimate, marked `isEstimate` (a bulk update still counts exactly, and refuses past the cap).
 */
export async function countGroups(caller: Caller, query: unknown) {
  const filter = groupFilterSchema.parse(query);
  const { count, isEstimate } = await scopedTransaction(getDb(), caller.scope, async (tx) => {
    const matching = Prisma.sql`SELECT 1 FROM alert_groups g WHERE ${Prisma.join(await filterConditions(tx, caller, filter), " AND ")}`;
    const exact = await countWithin(tx, matching, exactCountBudgetMs);
    return exact === null ? { count: await estimateRows(tx, matching), isEstimate: true } : { count: exact, isEstimate: false };
  });
  return { count: Math.min(count, maxGroupsPerUpdate), isCapped: count > maxGroupsPerUpdate, isEstimate, cap: maxGroupsPerUpdate };
}

/** The capped count of `matching`, or null when it takes longer than `budgetMs`. */
export async function countWithin(tx: Tx, matching: Prisma.Sql, budgetMs: number): Promise<number | null> {
  return withinBudget(tx, budgetMs, async () => {
    const [row] = await tx.$queryRaw<Array<{ count: number }>>`
      SELECT count(*)::int AS count FROM (${matching} LIMIT ${maxGroupsPerUpdate + 1}) matched`;
    return row?.count ?? 0;
  });
}

/** PostgreSQL's estimate of the rows `matching` yields, from its statistics: no rows are read. */
export async function estimateRows(tx: Tx, matching: Prisma.Sql): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ "QUERY PLAN": Array<{ Plan: { "Plan Rows": number } }> }>>`EXPLAIN (FORMAT JSON) ${matching}`;
  return Math.round(row?.["QUERY PLAN"][0]?.Plan["Plan Rows"] ?? 0);
}
