import type { Tx } from "@/lib/db/prisma";
import { isStatementTimeout } from "@/lib/db/prisma-errors";

/**
 * Runs `work` (read-only queries) in `tx` with a statement timeout of `budgetMs`, answering null
 * when it takes longer. The timeout, and a statement it cancels, are undone by rolling back to a
 * savepoint, so the transaction goes on.
 */
export async function withinBudget<T>(tx: Tx, budgetMs: number, work: () => Promise<T>): Promise<T | null> {
  await tx.$executeRaw`SAVEPOINT within_budget`;
  await tx.$executeRaw`SELECT set_config('statement_timeout', ${`${budgetMs}ms`}, true)`;
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (!isStatementTimeout(error)) throw error;
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT within_budget`; // the timeout setting goes with it
    return null;
  }
  await tx.$executeRaw`ROLLBACK TO SAVEPOINT within_budget`; // read-only work: this only restores the timeout
  return result;
}
