import type { Db } from "@/lib/db/prisma";

/** Which tenants' rows a person may see: all of them, or these tenant ids. */
export type Scope = "all" | readonly string[];

/** The value of `falconry.scope` that the row-level security policies read. */
export function scopeSetting(scope: Scope): string {
  return scope === "all" ? "all" : scope.join(",");
}

/**
 * A Prisma client whose every query runs in a transaction that first sets the caller's scope for
 * that transaction only (`set_config(..., true)`): a pooled connection never carries one person's
 * scope to the next. PostgreSQL's row-level security then filters every tenant-owned table.
 */
export function scopedDb(db: Db, scope: Scope) {
  const setting = scopeSetting(scope);
  return db.$extends({
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
  });
}

export type ScopedDb = ReturnType<typeof scopedDb>;
