import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createSql } from "@/lib/db/sql";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

describe("migrate", () => {
  let database: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    database = await createTestDatabase({ isEmpty: true });
    dir = await mkdtemp(path.join(os.tmpdir(), "falconry-migrations-"));
  });
  afterEach(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function writeMigration(name: string, sql: string) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }

  async function tables(): Promise<string[]> {
    const rows = await database.sql<{ name: string }[]>`
      SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`;
    return rows.map((row) => row.name);
  }

  it("applies the project's migrations once and records them as Prisma does", async () => {
    const onDisk = await readMigrations();
    expect(await migrate(database.sql)).toEqual(onDisk.map((m) => m.name));
    expect(await migrate(database.sql)).toEqual([]);
    const recorded = await database.sql<{ migration_name: string; checksum: string; applied_steps_count: number }[]>`
      SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    expect(recorded).toEqual(onDisk.map((m) => ({ migration_name: m.name, checksum: m.checksum, applied_steps_count: 1 })));
    expect(await tables()).toContain("alerts");
  });

  it("lets replicas that start together take turns: each migration runs once", async () => {
    const replicas = Array.from({ length: 4 }, () => createSql(database.url, { max: 1 }));
    try {
      const results = await Promise.all(replicas.map((sql) => migrate(sql)));
      const names = (await readMigrations()).map((m) => m.name);
      expect(results.flat().sort()).toEqual([...names].sort());
      const [{ count }] = await database.sql<[{ count: number }]>`SELECT count(*)::int AS count FROM _prisma_migrations`;
      expect(count).toBe(names.length);
    } finally {
      await Promise.all(replicas.map((sql) => sql.end()));
    }
  });

  it("runs each file in its own transaction: a failing one leaves nothing behind and stops the run", async () => {
    await writeMigration("1_first", "CREATE TABLE first (id int);");
    await writeMigration("2_broken", "CREATE TABLE second (id int); SELECT no_such_function();");
    await writeMigration("3_third", "CREATE TABLE third (id int);");
    await expect(migrate(database.sql, dir)).rejects.toThrow(/Migration 2_broken failed: .*no_such_function/);
    expect(await tables()).toEqual(["_prisma_migrations", "first"]);
    const recorded = await database.sql`SELECT migration_name FROM _prisma_migrations`;
    expect(recorded.map((r) => r.migration_name)).toEqual(["1_first"]);
  });

  it("refuses to go on when an applied migration was edited", async () => {
    await writeMigration("1_first", "CREATE TABLE first (id int);");
    await migrate(database.sql, dir);
    await writeMigration("1_first", "CREATE TABLE first (id bigint);");
    await expect(migrate(database.sql, dir)).rejects.toThrow("Migration 1_first was changed after it was applied");
  });
});
