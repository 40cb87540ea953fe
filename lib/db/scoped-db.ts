import type { Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client.ts";

/** Which tenants' rows a person may see: all of them, or these tenant ids. */
export type Scope = "all" | readonly string[];

/**
 * `column` (a tenant id) within the scope, as a condition. One tenant is compared with `=`:
 * PostgreSQL then reads that tenant's rows in order from a (tenant_id, ...) index, where
 * `= ANY(array)` would make it sort all of them.
 */
export function tenantIn(column: string, scope: Scope): Prisma.Sql {
  if (scope === "all") return Prisma.sql`true`;
  const [only] = scope;
  const tenant = Prisma.raw(column);
  return scope.length === 1 ? Prisma.sql`${tenant} = ${only}::uuid` : Prisma.sql`${tenant} = ANY(${[...scope]}::uuid[])`;
}

/** The value of `falconry.scope` that the row-level security policies read. */
export function scopeSetting(scope: Scope): string {
  return scope === "all" ? "all" : scope.join(",");
}

/**
 * A Prisma client whose every query runs in a transaction that first sets the caller's scope for
 * that transaction only (`set_config(..., true)`): a pooled connection never carries one person's
 * scope to the next. PostgreSQL's row-level security then filters every tenant-owned table.
 *
 * Each query is a transaction of its own, so queries that must stand or fall together go through
 * `scopedTransaction`; `$transaction` here throws rather than run them outside the transaction.
 */
export function scopedDb(db: Db, scope: Scope) {
  const setting = scopeSetting(scope);
  return db
    .$extends({
      query: {
        $allModels: {
          async $allOperations({ args, query }) {
            const [, result] = await db.$transaction([
              db.$executeRaw`SELECT set_config('falconry.scope', ${setting}, true)`,
              query(args),
            ]);
            return result;
          },
        },
      },
    })
    .$extends({
      client: {
        $transaction(): never {
          throw new Error("scopedDb: its queries cannot share a transaction; use scopedTransaction");
        },
      },
    });
}

export type ScopedDb = ReturnType<typeof scopedDb>;

/**
 * Runs `work` in one transaction that first sets the scope: its queries stand or fall together,
 * and row-level security filters each of them.
 */
export async function scopedTransaction<T>(
  db: Db,
  scope: Scope,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('falconry.scope', ${scopeSetting(scope)}, true)`;
      return work(tx);
    },
    // Prisma ends an interactive transaction after 5 s unless told otherwise
    options.timeoutMs === undefined ? undefined : { timeout: options.timeoutMs },
  );
}
