import type postgres from "postgres";
import { scopeSetting, type Scope } from "@/lib/db/scoped-db";
import type { Sql } from "@/lib/db/sql";

type Row = postgres.Row;

/** All rows of a query run under a person's scope, for answers of bounded size. */
export async function scopedRows<T extends Row>(sql: Sql, scope: Scope, query: (tx: postgres.TransactionSql) => postgres.PendingQuery<T[]>): Promise<T[]> {
  return sql.begin(async (tx) => {
    await tx`SELECT set_config('falconry.scope', ${scopeSetting(scope)}, true)`;
    return query(tx);
  }) as Promise<T[]>;
}
