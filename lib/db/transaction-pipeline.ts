import type postgres from "postgres";
import type { Sql } from "@/lib/db/sql";

type Statement = postgres.PendingQuery<postgres.Row[]>;

/**
 * Transactions sent whole, BEGIN to COMMIT, one after another on one connection reserved from the
 * pool. Each is one round trip once its statements are prepared on the connection (their first use
 * there describes them first), and PostgreSQL commits as soon as the last statement is done,
 * without waiting for this process to read the results and answer with COMMIT. A transaction sent
 * while another runs starts the moment that one commits: a busy event loop (parsing requests, say)
 * would otherwise keep the database idle, and the first one's locks held, for milliseconds.
 *
 * An error PostgreSQL raises aborts its transaction, and the COMMIT that follows rolls it back; the
 * next transaction is not affected. Two ways postgres.js (3.4.9) could make that unsafe are guarded
 * against:
 * - it runs a prepared statement again when PostgreSQL refused its cached plan (a migration changed
 *   a table under it), queued after the COMMIT already sent, outside the transaction. COMMIT then
 *   reports ROLLBACK: that is an error here, never a result;
 * - releasing a reserved connection the server dropped would put it back among the open ones, and
 *   the pool's next query would crash the process (porsager/postgres#1208). It is left to the
 *   pool, which has already moved it to its closed ones, and another is reserved for what follows.
 */
export class TransactionPipeline {
  #connection: Promise<postgres.ReservedSql> | undefined;

  constructor(private readonly sql: Sql) {}

  /** Runs the statements in one transaction and resolves with the last statement's rows. */
  async run<T extends readonly object[]>(statements: (tx: postgres.ReservedSql) => [...Statement[], postgres.PendingQuery<T>]): Promise<T> {
    const reserving = (this.#connection ??= this.sql.reserve());
    const forget = () => {
      if (this.#connection === reserving) this.#connection = undefined;
    };
    const connection = await reserving.catch((error: unknown) => {
      forget();
      throw error;
    });
    const results = await Promise.allSettled([connection`BEGIN`, ...statements(connection), connection`COMMIT`]);
    const errors = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
    if (errors.length > 0) {
      if (errors.some(isConnectionError)) forget();
      throw errors[0];
    }
    const answers = results.map((result) => (result as PromiseFulfilledResult<postgres.RowList<postgres.Row[]>>).value);
    const [begun, committed] = [answers[0]!, answers.at(-1)!];
    if (begun.command !== "BEGIN" || committed.command !== "COMMIT") {
      throw new Error(`transaction rolled back: a statement ran again after it (COMMIT answered ${committed.command})`);
    }
    return answers.at(-2) as unknown as T;
  }

  /** Hands the connection back to the pool; call it once no transaction is in flight. */
  async release(): Promise<void> {
    const reserving = this.#connection;
    this.#connection = undefined;
    (await reserving?.catch(() => undefined))?.release();
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("CONNECTION_");
}
