import { setTimeout } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseFalcoAlert } from "@/lib/ingest/alert-schema";
import { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { AlertWriter, type AlertWriterOptions } from "@/lib/ingest/alert-writer";
import { parseExact } from "@/lib/ingest/exact-json";
import { prepareAlert, type PreparedAlert } from "@/lib/ingest/prepare-alert";
import { fixture } from "@/test/helpers/fixtures";
import { createClusterWithToken } from "@/test/helpers/ingest-server";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";
import { allCounted, removeStoredAlerts, storeUncounted } from "@/test/helpers/stored-alerts";

let database: TestDatabase;
let credential: { tokenId: string; clusterId: string; clusterName: string };

beforeAll(async () => {
  database = await createTestDatabase();
  const { cluster, tokenId } = await createClusterWithToken(database, "writer");
  credential = { tokenId, clusterId: cluster.id, clusterName: cluster.name };
});
afterAll(() => database.drop());
beforeEach(async () => {
  await removeStoredAlerts(database.sql);
});
const writers: AlertWriter[] = [];
afterEach(async () => {
  await Promise.all(writers.splice(0).map((writer) => writer.close()));
});

/** A writer with its connection, closed after the test. */
function newWriter(options?: AlertWriterOptions): AlertWriter {
  const writer = new AlertWriter(new TransactionPipeline(database.url), options);
  writers.push(writer);
  return writer;
}

function alert(uuid: string): PreparedAlert {
  const parsed = parseFalcoAlert({ ...(parseExact(fixture("falcosidekick-webhook.json")) as object), uuid });
  if ("error" in parsed) throw new Error(parsed.error);
  return prepareAlert(parsed.alert, credential, () => null);
}

describe("AlertWriter", () => {
  it("commits concurrent writes together and tells each caller which of its alerts were new", async () => {
    const writer = newWriter();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.write([alert(`a-${i}`), alert(`a-${i % 5}`)])));
    // a-0..a-4 arrive twice, and a-0 twice in one request: each is credited to one claimant only
    expect(results.flat().filter(Boolean)).toHaveLength(50);
    expect(results[0]).toEqual([true, false]);

    const [{ transactions, alerts }] = await database.sql<[{ transactions: number; alerts: number }]>`
      SELECT count(DISTINCT xmin::text)::int AS transactions, count(*)::int AS alerts FROM alerts`;
    expect(alerts).toBe(50);
    expect(transactions).toBeLessThan(10);
  });

  it("keeps every queued write moving when transactions finish as new ones arrive", async () => {
    const writer = newWriter({ maxInFlight: 1 });
    for (let round = 0; round < 20; round++) {
      const first = writer.write([alert(`r-${round}-a`)]);
      await first;
      // queued in the microtask right after the transaction answered, before the writer looks again
      expect(await writer.write([alert(`r-${round}-b`)])).toEqual([true]);
    }
  });

  it("keeps a backlog smaller than the running transaction for the next group commit", async () => {
    const writer = newWriter();
    const running = writer.write(Array.from({ length: 10 }, (_, i) => alert(`s-${i}`)));
    const backlog = Array.from({ length: 9 }, (_, i) => writer.write([alert(`s-${i + 10}`)]));
    await Promise.all([running, ...backlog]);
    expect(await transactionCount()).toBe(2);
  });

  it("sends a transaction behind the running one once as many alerts wait as that one carries", async () => {
    const writer = newWriter();
    const running = writer.write(Array.from({ length: 10 }, (_, i) => alert(`l-${i}`)));
    const backlog = Array.from({ length: 10 }, (_, i) => writer.write([alert(`l-${i + 10}`)])); // sent on the tenth
    const queued = writer.write([alert("l-20")]); // two transactions in flight: waits for one
    await Promise.all([running, ...backlog, queued]);
    expect(await transactionCount()).toBe(3);
  });

  it("writes a lone request at once, in a transaction of its own", async () => {
    const writer = newWriter();
    expect(await writer.write([alert("lone")])).toEqual([true]);
    expect(await writer.write([alert("lone")])).toEqual([false]);
  });

  it("fails every request of a batch that cannot be stored, stores none of it, and recovers", async () => {
    const writer = newWriter();
    await database.sql`ALTER TABLE alerts RENAME TO alerts_away`;
    try {
      const results = await Promise.allSettled([writer.write([alert("x-1")]), writer.write([alert("x-2")])]);
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    } finally {
      await database.sql`ALTER TABLE alerts_away RENAME TO alerts`;
    }
    expect(await database.sql`SELECT count(*)::int AS n FROM alerts`).toEqual([{ n: 0 }]);
    expect(await database.sql`SELECT count(*)::int AS n FROM alert_groups`).toEqual([{ n: 0 }]);
    expect(await writer.write([alert("x-1")])).toEqual([true]);
  });

  it("refuses writes beyond its queue limit instead of holding them", async () => {
    const writer = newWriter({ maxQueuedAlerts: 3, maxInFlight: 1 });
    const inFlight = writer.write([alert("q-1"), alert("q-2")]); // taken into a transaction at once
    const queued = writer.write([alert("q-3"), alert("q-4")]); // waits for it: 2 queued
    await expect(writer.write([alert("q-5"), alert("q-6")])).rejects.toThrow("ingest is saturated");
    expect(await Promise.all([inFlight, queued])).toEqual([[true, true], [true, true]]);
  });
});

describe("AlertWriter's counts", () => {
  it("count the alerts of many transactions together, within the interval", async () => {
    const counts: string[][] = [];
    const writer = newWriter({ countIntervalMs: 300, onCounted: (tenantIds) => counts.push(tenantIds) });
    for (let i = 0; i < 10; i++) await writer.write([alert(`c-${i}`)]);
    await allCounted(database.sql);
    expect(await groupCount()).toBe(10);
    // the first right away (nothing was counted for longer than the interval), then the others together
    expect(counts.length).toBeLessThanOrEqual(5);
    expect(counts.flat().every((tenantId) => tenantId === "")).toBe(true); // unassigned
  });

  it("wait for the interval, unless asked to count now or closing", async () => {
    const counts: string[][] = [];
    const writer = newWriter({ countIntervalMs: 60_000, onCounted: (tenantIds) => counts.push(tenantIds) });
    await writer.write([alert("w-1")]);
    await expect.poll(groupCount, { timeout: 10_000 }).toBe(1); // the first count goes at once
    await writer.write([alert("w-2")]);
    await writer.write([alert("w-3")]);
    await setTimeout(200);
    expect(await groupCount()).toBe(1); // the next waits a minute
    await writer.count();
    expect(await groupCount()).toBe(3);
    await writer.write([alert("w-4")]);
    await writer.close();
    expect(await groupCount()).toBe(4);
    expect(counts).toHaveLength(3);
    expect(await database.sql`SELECT count(*)::int AS n FROM uncounted_alerts`).toEqual([{ n: 0 }]);
  });

  it("take what a stopped writer stored and did not count, when asked and then at least every sweep", async () => {
    await storeUncounted(database.sql, [alert("left-1"), alert("left-2")]);
    expect(await groupCount()).toBe(0);
    await newWriter().count();
    expect(await groupCount()).toBe(2);

    // left by another replica while this one stores nothing
    newWriter({ sweepIntervalMs: 100 });
    await storeUncounted(database.sql, [alert("left-3")]);
    await expect.poll(groupCount, { timeout: 10_000 }).toBe(3);
  });

  it("work off a backlog count after count, without waiting for the interval", async () => {
    for (let i = 0; i < 5; i++) await storeUncounted(database.sql, [alert(`b-${i}`)]);
    let counts = 0;
    const writer = newWriter({ countIntervalMs: 60_000, countLimits: { maxRows: 2, maxAlerts: 100 }, onCounted: () => counts++ });
    await writer.count();
    await expect.poll(groupCount, { timeout: 10_000 }).toBe(5);
    await expect.poll(() => counts).toBe(3);
  });

  it("count what is left when closing, a few times at most", async () => {
    const writer = newWriter({ countIntervalMs: 60_000, countLimits: { maxRows: 1, maxAlerts: 100 } });
    await writer.write([alert("l-1")]);
    await expect.poll(groupCount, { timeout: 10_000 }).toBe(1);
    for (let i = 2; i <= 4; i++) await writer.write([alert(`l-${i}`)]);
    await writer.close();
    expect(await groupCount()).toBe(4);
  });

  it("leave the alerts to the next count when one fails", async () => {
    const writer = newWriter({ countIntervalMs: 50 });
    await database.sql`ALTER TABLE alert_group_hourly RENAME TO hourly_away`;
    try {
      await writer.write([alert("f-1")]);
      await setTimeout(100); // a count or two fail meanwhile
      expect(await groupCount()).toBe(0);
    } finally {
      await database.sql`ALTER TABLE hourly_away RENAME TO alert_group_hourly`;
    }
    await allCounted(database.sql);
    expect(await groupCount()).toBe(1);
  });
});

/** The alerts counted into the one group every alert of these tests joins. */
async function groupCount(): Promise<number> {
  const [row] = await database.sql<{ count: string }[]>`SELECT sum(count) AS count FROM alert_groups`;
  return Number(row?.count ?? 0);
}

async function transactionCount(): Promise<number> {
  const [{ transactions }] = await database.sql<[{ transactions: number }]>`SELECT count(DISTINCT xmin::text)::int AS transactions FROM alerts`;
  return transactions;
}
