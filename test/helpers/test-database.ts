import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createSql, type Sql } from "@/lib/db/sql";
import { withDatabase } from "@/test/global-setup";
import { dropDatabase } from "@/test/helpers/drop-database";

export interface TestDatabase {
  /** The owner's: the tests' own view, above row-level security. */
  url: string;
  /** Falconry's app role's, under row-level security, as the app connects. */
  appUrl: string;
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
    appUrl: options.isEmpty ? url : await appUrlOf(sql, url),
    name,
    sql,
    db,
    drop: async () => {
      await db.$disconnect();
      await sql.end({ timeout: 5 });
      // and the app role that migrating an empty database created
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

/** The clone shares the template's app role, whose password global-setup set and recorded. */
async function appUrlOf(sql: Sql, url: string): Promise<string> {
  const [role] = await sql<{ name: string; password: string }[]>`SELECT name, password FROM app_role`;
  if (!role) throw new Error("the template database has no app role");
  const appUrl = new URL(url);
  appUrl.username = role.name;
  appUrl.password = role.password;
  return appUrl.toString();
}
