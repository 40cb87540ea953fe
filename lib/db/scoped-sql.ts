import type postgres from "postgres";
import { scopeSetting, type Scope } from "@/lib/db/scoped-db";
import type { Sql } from "@/lib/db/sql";

type Row = postgres.Row;

/**
 * The rows of one query run under a person's scope, a batch at a time, read from a cursor inside a
 * read-only transaction that set the scope for itself: as much as the reader takes, never the whole
 * result in memory. Leaving early (a client that went away) ends the transaction and frees the
 * connection.
 */
export async function* scopedRowBatches<T extends Row>(
  sql: Sql,
  scope: Scope,
  query: (tx: postgres.ReservedSql) => postgres.PendingQuery<T[]>,
  batchSize: number,
): AsyncGenerator<T[]> {
  const reserved = await sql.reserve();
  let isOpen = false;
  try {
    await reserved`BEGIN READ ONLY`;
    isOpen = true;
    await reserved`SELECT set_config('falconry.scope', ${scopeSetting(scope)}, true)`;
    for await (const rows of query(reserved).cursor(batchSize)) yield rows;
    await reserved`COMMIT`;
    isOpen = false;
  } finally {
    if (isOpen) await reserved`ROLLBACK`.catch(() => {});
    reserved.release();
  }
}

/** All rows of a query run under a person's scope, for answers of bounded size. */
export async function scopedRows<T extends Row>(sql: Sql, scope: Scope, query: (tx: postgres.TransactionSql) => postgres.PendingQuery<T[]>): Promise<T[]> {
  return sql.begin(async (tx) => {
    await tx`SELECT set_config('falconry.scope', ${scopeSetting(scope)}, true)`;
    return query(tx);
  }) as Promise<T[]>;
}
