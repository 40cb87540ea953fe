import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Sql } from "@/lib/db/sql";

// The route handler behind /api/readyz reads them at run time: turbopackIgnore keeps Next's build
// from tracing the whole project into its output because of a computed path.
export const migrationsDir = path.resolve("prisma/migrations");

// Any constant works: it only has to be the same for every replica of Falconry.
const MIGRATION_LOCK = 0x46_41_4c_43; // "FALC"

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const entries = await readdir(/* turbopackIgnore: true */ dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(/* turbopackIgnore: true */ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/**
 * Applies pending migrations in name order, each in its own transaction, recorded in
 * `_prisma_migrations` with the columns Prisma's own migrate uses. A session advisory lock makes
 * replicas that start together take turns; a migration edited after it was applied stops the
 * start rather than drifting silently.
 */
export async function migrate(sql: Sql, dir = migrationsDir): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const conn = await sql.reserve();
  try {
    await conn`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await conn`
        CREATE TABLE IF NOT EXISTS _prisma_migrations (
          id VARCHAR(36) PRIMARY KEY,
          checksum VARCHAR(64) NOT NULL,
          finished_at TIMESTAMPTZ,
          migration_name VARCHAR(255) NOT NULL,
          logs TEXT,
          rolled_back_at TIMESTAMPTZ,
          started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          applied_steps_count INTEGER NOT NULL DEFAULT 0
        )`;
      const rows = await conn<{ migration_name: string; checksum: string }[]>`
        SELECT migration_name, checksum FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
      const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
      const done: string[] = [];
      for (const migration of migrations) {
        const checksum = applied.get(migration.name);
        if (checksum === undefined) {
          await applyMigration(conn, migration);
          done.push(migration.name);
        } else if (checksum !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} was changed after it was applied: add a new migration instead`,
          );
        }
      }
      return done;
    } finally {
      await conn`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    conn.release();
  }
}

async function applyMigration(conn: Sql, migration: Migration): Promise<void> {
  await conn.unsafe("BEGIN");
  try {
    await conn.unsafe(migration.sql);
    await conn`
      INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
      VALUES (${randomUUID()}, ${migration.checksum}, ${migration.name}, now(), 1)`;
    await conn.unsafe("COMMIT");
  } catch (error) {
    await conn.unsafe("ROLLBACK");
    throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
