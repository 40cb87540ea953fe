import type postgres from "postgres";
import { createSql, type Sql, type SqlOptions } from "@/lib/db/sql";

type Statement = postgres.PendingQuery<postgres.Row[]>;

/** The connection transactions go through, on a client of its own. */
interface Held {
  sql: Sql;
  connection: Promise<postgres.ReservedSql>;
  /** Rejects once the connection is gone. */
  dropped: Promise<never>;
}

/**
 * Transactions sent whole, BEGIN to COMMIT, one after another on one connection, reserved for as
 * long as it lasts. Each is one round trip once its statements are prepared on the connection (their
 * first use there describes them first, and PostgreSQL plans the first few executions anew), and
 * PostgreSQL commits as soon as the last statement is done, without waiting for this process to read
 * the results and answer with COMMIT. A transaction sent while another runs starts the moment that
 * one commits: a busy event loop (parsing requests, say) would otherwise keep the database idle, and
 * the first one's locks held, for milliseconds.
 *
 * An error PostgreSQL raises aborts its transaction, and the COMMIT that follows rolls it back; the
 * next transaction is not affected. Ways postgres.js (3.4.9) could make that unsafe are guarded
 * against:
 * - it runs a prepared statement again when PostgreSQL refused its cached plan (a migration changed
 *   a table under it), queued after the COMMIT already sent, outside the transaction. COMMIT then
 *   reports ROLLBACK: that is an error here, never a result;
 * - when the connection drops, statements it had not yet written (a statement's first use waits for
 *   its description; a large batch waits for the socket) never settle; a query on a reserved
 *   connection that has closed crashes the process (porsager/postgres#1208); and a connection it
 *   reopens hands the old one's last error to its next query. So each connection gets a client of
 *   its own, whose close (even while idle) fails every transaction on it, none of them acknowledged,
 *   and the next transaction opens a new client.
 */
export class TransactionPipeline {
  #held: Held | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly options: Pick<SqlOptions, "seesAllTenants"> = {},
  ) {}

  /** Runs the statements in one transaction and resolves with the last statement's rows. */
  async run<T extends readonly object[]>(statements: (tx: postgres.Sql) => [...Statement[], postgres.PendingQuery<T>]): Promise<T> {
    const held = (this.#held ??= this.#open());
    const connection = await held.connection;
    const queries = [connection`BEGIN`, ...statements(connection), connection`COMMIT`];
    const results = await Promise.race([Promise.allSettled(queries), held.dropped]);
    const errors = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
    if (errors.length > 0) throw errors[0];
    const answers = results.map((result) => (result as PromiseFulfilledResult<postgres.RowList<postgres.Row[]>>).value);
    const [begun, committed] = [answers[0]!, answers.at(-1)!];
    if (begun.command !== "BEGIN" || committed.command !== "COMMIT") {
      throw new Error(`transaction rolled back: a statement ran again after it (COMMIT answered ${committed.command})`);
    }
    return answers.at(-2) as unknown as T;
  }

  /** Closes the connection; call it once no transaction is in flight. */
  async end(): Promise<void> {
    const held = this.#held;
    this.#held = undefined;
    if (!held) return;
    (await held.connection.catch(() => undefined))?.release();
    await held.sql.end({ timeout: 5 });
  }

  #open(): Held {
    let drop!: (error: unknown) => void;
    const dropped = new Promise<never>((_, reject) => (drop = reject));
    dropped.catch(() => {}); // raced only while transactions are in flight
    const gone = (error: unknown) => {
      if (this.#held === held) this.#held = undefined;
      drop(error);
      void sql.end({ timeout: 0 });
    };
    const sql = createSql(this.databaseUrl, { ...this.options, max: 1, onclose: () => gone(new Error("database: the connection closed")) });
    const held: Held = { sql, connection: sql.reserve(), dropped };
    held.connection.catch(gone);
    return held;
  }
}
