import postgres from "postgres";

export type Sql = postgres.Sql;
export type SqlTransaction = postgres.TransactionSql;

/** postgres.js, for what Prisma cannot serve: bulk ingest, LISTEN/NOTIFY, migrations. */
export function createSql(databaseUrl: string, options: { max?: number } = {}): Sql {
  return postgres(databaseUrl, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: "falconry" },
  });
}
