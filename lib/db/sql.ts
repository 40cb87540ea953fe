import postgres from "postgres";

export type Sql = postgres.Sql;
export type SqlTransaction = postgres.TransactionSql;

export interface SqlOptions {
  max?: number;
  /**
   * For Falconry's own work across tenants (ingest, re-segmentation, the operators' CLI): every
   * connection of the pool sees every tenant's rows. Never hand such a pool to code serving a
   * person, whose scope is set per transaction (lib/db/scoped-db.ts).
   */
  seesAllTenants?: boolean;
  /** Told when one of the pool's connections closes, whatever the cause. */
  onclose?: () => void;
}

/**
 * Settings of every connection the app opens. No JIT compilation: it pays off for analytic queries
 * of seconds, where the app's take milliseconds, and compiling (hundreds of milliseconds for a
 * large plan) cannot be interrupted, so a statement timeout would fire only once it is done.
 */
export const connectionSettings = { jit: "off" } as const;

/**
 * postgres.js, for what Prisma cannot serve: bulk ingest, LISTEN/NOTIFY, migrations. It sends a
 * URL's `options` (Neon's `endpoint=…`, a `-c search_path=…`) as a startup parameter of their own,
 * beside these settings, and PostgreSQL applies these after them.
 */
export function createSql(databaseUrl: string, options: SqlOptions = {}): Sql {
  return postgres(databaseUrl, {
    max: options.max ?? 10,
    onnotice: () => {},
    onclose: options.onclose,
    connection: { application_name: "falconry", ...connectionSettings, ...(options.seesAllTenants ? { "falconry.scope": "all" } : {}) },
  });
}
