import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSql } from "@/lib/db/sql";
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
