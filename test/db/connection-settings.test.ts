import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { prepareAppRole } from "@/lib/db/app-role";
import { migrate } from "@/lib/db/migrate";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSql, type Sql } from "@/lib/db/sql";
import { withDatabase } from "@/test/global-setup";
import { dropDatabase } from "@/test/helpers/drop-database";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("the app's connections", () => {
  it("never JIT-compile, through Prisma or postgres.js, and see every tenant only when asked to", async () => {
    const read = `SELECT current_setting('jit') AS jit, coalesce(current_setting('falconry.scope', true), '') AS scope`;
    for (const seesAllTenants of [false, true]) {
      const sql = createSql(database.url, { max: 1, seesAllTenants });
      const db = createPrismaClient(database.url, { seesAllTenants });
      try {
        const expected = { jit: "off", scope: seesAllTenants ? "all" : "" };
        expect((await sql.unsafe(read))[0]).toEqual(expected);
        expect((await db.$queryRawUnsafe<unknown[]>(read))[0]).toEqual(expected);
      } finally {
        await Promise.all([sql.end({ timeout: 5 }), db.$disconnect()]);
      }
    }
  });
});

describe("a DATABASE_URL with options of its own (Neon's endpoint=…, a search_path)", () => {
  // The owner is no superuser, as on managed PostgreSQL, so row-level security holds it too: only
  // the scope Falconry sets lets it see tenants.
  const name = `falconry_test_${randomBytes(6).toString("hex")}`;
  const owner = `${name}_owner`;
  // the embedded PostgreSQL asks for passwords, where the machine's may trust
  const password = randomBytes(18).toString("hex");
  let admin: Sql;
  let ownerUrl: string;

  beforeAll(async () => {
    admin = createSql(inject("adminDatabaseUrl"), { max: 1 });
    await admin.unsafe(`CREATE ROLE ${owner} LOGIN CREATEROLE PASSWORD '${password}'`);
    await admin.unsafe(`CREATE DATABASE ${name} OWNER ${owner} TEMPLATE template0`);
    const url = new URL(withDatabase(inject("adminDatabaseUrl"), name));
    url.username = owner;
    url.password = password;
    url.searchParams.set("options", "-c search_path=public");
    ownerUrl = url.toString();
    const sql = createSql(ownerUrl, { max: 1 });
    try {
      await migrate(sql);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });

  afterAll(async () => {
    await dropDatabase(admin, name);
    await admin.unsafe(`DROP ROLE IF EXISTS ${owner}`);
    await admin.end();
  });

  it("keeps them and Falconry's settings, as the owner (the CLI) and as the app role", async () => {
    const system = createPrismaClient(ownerUrl, { seesAllTenants: true });
    const ownerSql = createSql(ownerUrl, { max: 1 });
    try {
      await system.tenant.create({ data: { slug: "payments", name: "Payments" } });
      const { url: appUrl } = await prepareAppRole(ownerSql, ownerUrl);
      const read = `SELECT current_setting('search_path') AS "searchPath", current_setting('jit') AS jit,
        coalesce(current_setting('falconry.scope', true), '') AS scope, (SELECT count(*)::int FROM tenants) AS tenants`;
      for (const url of [ownerUrl, appUrl]) {
        for (const seesAllTenants of [false, true]) {
          const sql = createSql(url, { max: 1, seesAllTenants });
          const db = createPrismaClient(url, { seesAllTenants });
          try {
            const expected = { searchPath: "public", jit: "off", scope: seesAllTenants ? "all" : "", tenants: seesAllTenants ? 1 : 0 };
            expect((await sql.unsafe(read))[0]).toEqual(expected);
            expect((await db.$queryRawUnsafe<unknown[]>(read))[0]).toEqual(expected);
          } finally {
            await Promise.all([sql.end({ timeout: 5 }), db.$disconnect()]);
          }
        }
      }
    } finally {
      await Promise.all([ownerSql.end({ timeout: 5 }), system.$disconnect()]);
    }
  });
});
