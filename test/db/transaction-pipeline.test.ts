import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

let database: TestDatabase;
let pipeline: TransactionPipeline;

beforeAll(async () => {
  database = await createTestDatabase({ isEmpty: true });
  await database.sql`CREATE TABLE written (n int)`;
});
afterAll(() => database.drop());
beforeEach(async () => {
  await database.sql`TRUNCATE written`;
  pipeline = new TransactionPipeline(database.url);
});
afterEach(() => pipeline.end());

/** Ends the pipeline's connection from the server's side, as a restart or failover would. */
async function terminate(where: "sleeping" | "any"): Promise<void> {
  await database.sql`
    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND (${where} = 'any' OR query LIKE '%pg_sleep%')`;
}

const written = async () => (await database.sql<{ n: number }[]>`SELECT n FROM written ORDER BY n`).map((row) => row.n);

describe("TransactionPipeline", () => {
  it("commits every statement and answers the last one's rows", async () => {
    const rows = await pipeline.run((tx) => [tx`INSERT INTO written VALUES (1)`, tx<{ n: number }[]>`INSERT INTO written VALUES (2) RETURNING n`]);
    expect(rows.map((row) => row.n)).toEqual([2]);
    expect(await written()).toEqual([1, 2]);
  });

  it("runs transactions sent together one after the other on one connection", async () => {
    const backend = (n: number) => pipeline.run((tx) => [tx`INSERT INTO written VALUES (${n})`, tx<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`]);
    const answers = await Promise.all([backend(1), backend(2), backend(3)]);
    expect(new Set(answers.map(([row]) => row!.pid)).size).toBe(1);
    expect(await written()).toEqual([1, 2, 3]);
  });

  it("rolls back what came before a statement that fails, fails with its error, and leaves the next transaction alone", async () => {
    const failing = pipeline.run((tx) => [tx`INSERT INTO written VALUES (1)`, tx`SELECT 1 / 0`, tx`INSERT INTO written VALUES (2)`]);
    const next = pipeline.run((tx) => [tx`INSERT INTO written VALUES (3)`]);
    await expect(failing).rejects.toThrow("division by zero");
    await next;
    expect(await written()).toEqual([3]);
  });

  it("fails when postgres.js runs a statement again after COMMIT (its cached plan was refused)", async () => {
    await database.sql`CREATE TABLE reshaped (a int)`;
    await pipeline.run((tx) => [tx`SELECT * FROM reshaped`]); // prepared on its connection
    await database.sql`ALTER TABLE reshaped ADD COLUMN b int`;
    await expect(pipeline.run((tx) => [tx`INSERT INTO written VALUES (1)`, tx`SELECT * FROM reshaped`])).rejects.toThrow("transaction rolled back");
    expect(await written()).toEqual([]);
  });

  it("goes on with a new connection after one dropped during a transaction", async () => {
    await expect(pipeline.run((tx) => [tx`INSERT INTO written VALUES (1)`, tx`SELECT pg_terminate_backend(pg_backend_pid())`])).rejects.toThrow();
    await pipeline.run((tx) => [tx`INSERT INTO written VALUES (2)`]);
    expect(await written()).toEqual([2]);
  });

  it("fails every transaction on a connection that drops under them, those not yet written included", async () => {
    // first uses on the connection: postgres.js holds each statement back until described
    const sleeping = pipeline.run((tx) => [tx`SELECT pg_sleep(${2})`, tx`INSERT INTO written VALUES (${1})`]);
    const behind = pipeline.run((tx) => [tx`INSERT INTO written VALUES (${2}) RETURNING n`]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await terminate("sleeping");
    const outcomes = await Promise.allSettled([sleeping, behind]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    await pipeline.run((tx) => [tx`INSERT INTO written VALUES (3)`]);
    expect(await written()).toEqual([3]);
  });

  it("goes on with a new connection after one dropped while idle", async () => {
    await pipeline.run((tx) => [tx`INSERT INTO written VALUES (1)`]);
    await terminate("any");
    await new Promise((resolve) => setTimeout(resolve, 200));
    // used again, the dead connection would crash the process (porsager/postgres#1208)
    await pipeline.run((tx) => [tx`INSERT INTO written VALUES (2)`]);
    expect(await written()).toEqual([1, 2]);
  });
});
