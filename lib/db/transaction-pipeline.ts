import postgres from "postgres";
import type { Sql } from "@/lib/db/sql";

type Statement = postgres.PendingQuery<postgres.Row[]>;

/** A connection reserved for the transactions of one burst, with what is known of its health. */
interface Held {
  connection: Promise<postgres.ReservedSql>;
  /** Transactions sent on it and not yet answered. */
  runs: number;
  /** Rejects once any statement on it fails for want of a connection. */
  dropped: Promise<never>;
  drop(error: unknown): void;
  isDropped: boolean;
}

/**
 * Transactions sent whole, BEGIN to COMMIT, one after another on one connection reserved from the
 * pool while any is in flight. Each is one round trip once its statements are prepared on the
 * connection (their first use there describes them first), and PostgreSQL commits as soon as the
 * last statement is done, without waiting for this process to read the results and answer with
 * COMMIT. A transaction sent while another runs starts the moment that one commits: a busy event
 * loop (parsing requests, say) would otherwise keep the database idle, and the first one's locks
 * held, for milliseconds. Once none is in flight, and none was sent in the same turn of the event
 * loop, the connection goes back to the pool, which looks after it while idle.
 *
 * An error PostgreSQL raises aborts its transaction, and the COMMIT that follows rolls it back; the
 * next transaction is not affected. Three ways postgres.js (3.4.9) could make that unsafe are
 * guarded against:
 * - it runs a prepared statement again when PostgreSQL refused its cached plan (a migration changed
 *   a table under it), queued after the COMMIT already sent, outside the transaction. COMMIT then
 *   reports ROLLBACK: that is an error here, never a result;
 * - when the connection drops, statements it had not yet written (a statement's first use waits
 *   for its description; a large batch waits for the socket) never settle. The first statement to
 *   fail for want of a connection fails every transaction on it; none of them was acknowledged;
 * - releasing a reserved connection the server dropped would put it back among the open ones, and
 *   the pool's next query would crash the process (porsager/postgres#1208). It is left to the
 *   pool, which has already moved it to its closed ones, and another is reserved for what follows.
 */
export class TransactionPipeline {
  #held: Held | undefined;

  constructor(private readonly sql: Sql) {}

  /** Runs the statements in one transaction and resolves with the last statement's rows. */
  async run<T extends readonly object[]>(statements: (tx: postgres.ReservedSql) => [...Statement[], postgres.PendingQuery<T>]): Promise<T> {
    const held = (this.#held ??= this.#reserve());
    held.runs++;
    try {
      const connection = await held.connection;
      const queries = [connection`BEGIN`, ...statements(connection), connection`COMMIT`];
      // Attached in order: postgres.js writes a statement when it is first awaited.
      for (const query of queries) {
        query.catch((error: unknown) => {
          if (isConnectionError(error)) held.drop(error);
        });
      }
      const results = await Promise.race([Promise.allSettled(queries), held.dropped]);
      const errors = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
      if (errors.length > 0) throw errors[0];
      const answers = results.map((result) => (result as PromiseFulfilledResult<postgres.RowList<postgres.Row[]>>).value);
      const [begun, committed] = [answers[0]!, answers.at(-1)!];
      if (begun.command !== "BEGIN" || committed.command !== "COMMIT") {
        throw new Error(`transaction rolled back: a statement ran again after it (COMMIT answered ${committed.command})`);
      }
      return answers.at(-2) as unknown as T;
    } finally {
      // once this turn of the event loop is over: the next transaction is usually sent in it
      if (--held.runs === 0) setImmediate(() => this.#letGo(held));
    }
  }

  #reserve(): Held {
    let drop!: (error: unknown) => void;
    const dropped = new Promise<never>((_, reject) => (drop = reject));
    dropped.catch(() => {}); // raced only while transactions are in flight
    const held: Held = {
      connection: this.sql.reserve(),
      runs: 0,
      dropped,
      drop: (error) => {
        held.isDropped = true;
        drop(error);
      },
      isDropped: false,
    };
    held.connection.catch((error: unknown) => held.drop(error));
    return held;
  }

  #letGo(held: Held): void {
    if (held.runs > 0) return;
    if (this.#held === held) this.#held = undefined;
    if (!held.isDropped) void held.connection.then((connection) => connection.release(), () => {});
  }
}

/** The connection failed: postgres.js says so, the socket does, or PostgreSQL is ending the session. */
function isConnectionError(error: unknown): boolean {
  if (error instanceof postgres.PostgresError) return error.code.startsWith("08") || error.code.startsWith("57P");
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("CONNECTION_") || "syscall" in (error as object));
}
