import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createSql, type Sql } from "@/lib/db/sql";
import { withDatabase } from "@/test/global-setup";

export interface TestDatabase {
  url: string;
  name: string;
  sql: Sql;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh database of its own: migrated (cloned from the run's template), or empty. */
export async function createTestDatabase(options: { isEmpty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("adminDatabaseUrl");
  const name = `falconry_test_${randomBytes(6).toString("hex")}`;
  const admin = createSql(adminUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${options.isEmpty ? "template0" : inject("templateDatabase")}`);
  const url = withDatabase(adminUrl, name);
  const sql = createSql(url);
  const db = createPrismaClient(url);
  return {
    url,
    name,
    sql,
    db,
    drop: async () => {
      await db.$disconnect();
      await sql.end({ timeout: 5 });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
