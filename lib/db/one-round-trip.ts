import type postgres from "postgres";
import type { Sql } from "@/lib/db/sql";

type Statement = postgres.PendingQuery<postgres.Row[]>;

/**
 * Runs the statements in one transaction sent as one pipeline, BEGIN to COMMIT, and resolves with
 * the last statement's rows. PostgreSQL commits as soon as the last statement is done, without
 * waiting for this process to read the results and answer with COMMIT: a busy event loop (parsing
 * a large request, say) would otherwise hold the transaction's locks and keep other writers waiting.
 * The pipeline is one round trip once the statements are prepared on the connection (their first
 * use there describes them first).
 *
 * An error PostgreSQL raises aborts the transaction, and the COMMIT that follows rolls it back.
 * Two ways postgres.js (3.4.9) could make that unsafe are guarded against:
 * - it runs a prepared statement again when PostgreSQL refused its cached plan (a migration changed
 *   a table under it), queued after the COMMIT already sent, outside the transaction. COMMIT then
 *   reports ROLLBACK: that is an error here, never a result;
 * - releasing a reserved connection the server dropped would put it back among the open ones, and
 *   the pool's next query would crash the process (porsager/postgres#1208). It is left to the
 *   pool, which has already moved it to its closed ones.
 */
export async function inOneRoundTrip<T extends readonly object[]>(
  sql: Sql,
  statements: (tx: postgres.ReservedSql) => [...Statement[], postgres.PendingQuery<T>],
): Promise<T> {
  const connection = await sql.reserve();
  let isDropped = false;
  try {
    const results = await Promise.allSettled([connection`BEGIN`, ...statements(connection), connection`COMMIT`]);
    const errors = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
    if (errors.length > 0) {
      isDropped = errors.some(isConnectionError);
      throw errors[0];
    }
    const answers = results.map((result) => (result as PromiseFulfilledResult<postgres.RowList<postgres.Row[]>>).value);
    const [begun, committed] = [answers[0]!, answers.at(-1)!];
    if (begun.command !== "BEGIN" || committed.command !== "COMMIT") {
      throw new Error(`transaction rolled back: a statement ran again after it (COMMIT answered ${committed.command})`);
    }
    return answers.at(-2) as unknown as T;
  } finally {
    if (!isDropped) connection.release();
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("CONNECTION_");
}
