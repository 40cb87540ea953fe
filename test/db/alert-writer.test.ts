import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseFalcoAlert } from "@/lib/ingest/alert-schema";
import { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { AlertWriter, type AlertWriterOptions } from "@/lib/ingest/alert-writer";
import { parseExact } from "@/lib/ingest/exact-json";
import { prepareAlert, type PreparedAlert } from "@/lib/ingest/prepare-alert";
import { fixture, unindexableText } from "@/test/helpers/fixtures";
import { createClusterWithToken } from "@/test/helpers/ingest-server";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";
import { removeStoredAlerts } from "@/test/helpers/stored-alerts";

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

  it("refuses only the alert holding a value PostgreSQL cannot store, and stores the rest of its batch", async () => {
    const writer = newWriter({ maxInFlight: 1 });
    const unindexable = alert("p-bad");
    unindexable.row.proc_name = unindexableText(); // bypassing validation, which would leave it unpromoted
    const first = writer.write([alert("p-1")]); // alone, so that the next three are one batch
    const batch = [writer.write([alert("p-2")]), writer.write([alert("p-3"), unindexable, alert("p-4")]), writer.write([alert("p-5")])];
    expect(await first).toEqual([true]);
    expect(await Promise.all(batch)).toEqual([
      [true],
      [true, { error: expect.stringMatching(/^alert: the database cannot store it \(index row size \d+ exceeds/) }, true],
      [true],
    ]);
    const stored = await database.sql<{ uuid: string }[]>`SELECT sender_uuid AS uuid FROM alerts ORDER BY sender_uuid`;
    expect(stored.map((row) => row.uuid)).toEqual(["p-1", "p-2", "p-3", "p-4", "p-5"]);
    expect(await database.sql`SELECT sum(count)::int AS n FROM alert_groups`).toEqual([{ n: 5 }]);
  });

  it("keeps a batch within its size in characters of requests", async () => {
    const writer = newWriter({ maxInFlight: 1, maxBatchSize: 10 });
    const running = writer.write([alert("z-1")], 6);
    const queued = [writer.write([alert("z-2")], 6), writer.write([alert("z-3")], 4), writer.write([alert("z-4")], 6)];
    await Promise.all([running, ...queued]);
    expect(await transactionCount()).toBe(3); // z-1; z-2 with z-3 (10); z-4
  });

  it("refuses writes beyond its queue limit in characters of requests", async () => {
    const writer = newWriter({ maxInFlight: 1, maxQueuedSize: 10 });
    const inFlight = writer.write([alert("y-1")], 6); // taken into a transaction at once
    const queued = writer.write([alert("y-2")], 6);
    await expect(writer.write([alert("y-3")], 6)).rejects.toThrow("ingest is saturated");
    expect(await Promise.all([inFlight, queued])).toEqual([[true], [true]]);
  });

  it("refuses writes beyond its queue limit instead of holding them", async () => {
    const writer = newWriter({ maxQueuedAlerts: 3, maxInFlight: 1 });
    const inFlight = writer.write([alert("q-1"), alert("q-2")]); // taken into a transaction at once
    const queued = writer.write([alert("q-3"), alert("q-4")]); // waits for it: 2 queued
    await expect(writer.write([alert("q-5"), alert("q-6")])).rejects.toThrow("ingest is saturated");
    expect(await Promise.all([inFlight, queued])).toEqual([[true, true], [true, true]]);
  });

  it("settles once every alert written before is stored, those in a transaction and those waiting for one", async () => {
    const writer = newWriter({ maxInFlight: 1 });
    const stored: string[] = [];
    const inFlight = writer.write([alert("s-1")]).then(() => stored.push("s-1"));
    const queued = writer.write([alert("s-2")]).then(() => stored.push("s-2"));
    await writer.settled();
    expect(stored.sort()).toEqual(["s-1", "s-2"]);
    await Promise.all([inFlight, queued]);
    await writer.settled(); // nothing written since: at once
  });

  it("commits what was written before it closed, then refuses writes rather than connect again", async () => {
    const writer = newWriter();
    const written = writer.write([alert("c-1")]);
    await writer.close();
    expect(await written).toEqual([true]);
    await expect(writer.write([alert("c-2")])).rejects.toThrow("ingest is stopping");
    const stored = await database.sql<{ uuid: string }[]>`SELECT sender_uuid AS uuid FROM alerts`;
    expect(stored).toEqual([{ uuid: "c-1" }]);
  });
});

async function transactionCount(): Promise<number> {
  const [{ transactions }] = await database.sql<[{ transactions: number }]>`SELECT count(DISTINCT xmin::text)::int AS transactions FROM alerts`;
  return transactions;
}
