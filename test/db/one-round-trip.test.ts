import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inOneRoundTrip } from "@/lib/db/one-round-trip";
import { createSql, type Sql } from "@/lib/db/sql";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

let database: TestDatabase;
/** One connection, so that what one test prepares on it is there for the next statement. */
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase({ isEmpty: true });
  sql = createSql(database.url, { max: 1 });
  await database.sql`CREATE TABLE written (n int)`;
});
afterAll(async () => {
  await sql.end();
  await database.drop();
});
beforeEach(async () => {
  await database.sql`TRUNCATE written`;
});

const written = async () => (await database.sql<{ n: number }[]>`SELECT n FROM written ORDER BY n`).map((row) => row.n);

describe("inOneRoundTrip", () => {
  it("commits every statement and answers the last one's rows", async () => {
    const rows = await inOneRoundTrip(sql, (tx) => [tx`INSERT INTO written VALUES (1)`, tx<{ n: number }[]>`INSERT INTO written VALUES (2) RETURNING n`]);
    expect(rows.map((row) => row.n)).toEqual([2]);
    expect(await written()).toEqual([1, 2]);
  });

  it("rolls back what came before a statement that fails, and fails with its error", async () => {
    await expect(inOneRoundTrip(sql, (tx) => [tx`INSERT INTO written VALUES (1)`, tx`SELECT 1 / 0`, tx`INSERT INTO written VALUES (2)`])).rejects.toThrow(
      "division by zero",
    );
    expect(await written()).toEqual([]);
  });

  it("fails when postgres.js runs a statement again after COMMIT (its cached plan was refused)", async () => {
    await database.sql`CREATE TABLE reshaped (a int)`;
    await sql`SELECT * FROM reshaped`; // prepared on the one connection
    await database.sql`ALTER TABLE reshaped ADD COLUMN b int`;
    await expect(inOneRoundTrip(sql, (tx) => [tx`INSERT INTO written VALUES (1)`, tx`SELECT * FROM reshaped`])).rejects.toThrow("transaction rolled back");
    expect(await written()).toEqual([]);
  });

  it("leaves a connection the server dropped to the pool, which goes on working", async () => {
    await expect(inOneRoundTrip(sql, (tx) => [tx`INSERT INTO written VALUES (1)`, tx`SELECT pg_terminate_backend(pg_backend_pid())`])).rejects.toThrow();
    // postgres.js hands the server's goodbye to the next query or two; released, the dead
    // connection would have crashed the process on the first one instead
    for (let attempt = 0; attempt < 2; attempt++) await sql`SELECT 1`.catch(() => {});
    expect(await sql`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    expect(await written()).toEqual([]);
  });
});
