import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAlerts } from "@/lib/alerts/export-alerts";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { operatorActor } from "@/lib/audit/audit";
import type { Caller } from "@/lib/auth/caller";
import { getDb, getSql } from "@/lib/db";
import { createCluster } from "@/lib/clusters/clusters";
import { createTenant } from "@/lib/tenants/tenants";
import { useAppDatabase } from "@/test/helpers/app-in-process";
import { createCaller } from "@/test/helpers/callers";
import { storeAlertsLike } from "@/test/helpers/stored-alerts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * The alert list and the export through the library as routes call them: the app's own role
 * (its pool of 4 connections for people's alert reads) under row-level security.
 * test/api/alerts-export.test.ts covers the same over HTTP.
 */

let database: TestDatabase;
let viewer: Caller;
const shopAlerts = 1_234; // more than two of the export's pages of 500

beforeAll(async () => {
  database = await createTestDatabase();
  await useAppDatabase(database);
  const { db, sql } = database;
  await createTenant(db, sql, operatorActor, { slug: "shop", name: "Shop", namespaces: "*/shop" });
  await createTenant(db, sql, operatorActor, { slug: "bank", name: "Bank", namespaces: "*/bank" });
  viewer = await createCaller(database, "viewer@shop.example", "viewer", ["shop"]);
  const cluster = await createCluster(db, operatorActor, { name: "one" });
  // three alerts to a second: pages end between alerts of the same time too
  const second = (i: number) => new Date(Date.parse("2026-11-25T09:00:00Z") + Math.floor(i / 3) * 1000).toISOString();
  await storeAlertsLike(sql, cluster, Array.from({ length: shopAlerts }, (_, i) => ({ namespace: "shop", time: second(i) })));
  await storeAlertsLike(sql, cluster, [{ namespace: "bank", time: second(7) }]);
}, 120_000);

afterAll(async () => {
  await getSql().end({ timeout: 5 });
  await getDb().$disconnect();
  await database.drop();
});

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), ms))]);

/** The app's transactions left open once the page reads in flight have had up to 5 s to end. */
async function openTransactions(): Promise<number> {
  for (let waited = 0; ; waited += 100) {
    const [open] = await database.sql<{ count: number }[]>`
      SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()`;
    if (open!.count === 0 || waited >= 5_000) return open!.count;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("exportAlerts", () => {
  it("yields every alert of more than one page exactly once, newest first, and only the caller's", async () => {
    const { body } = await exportAlerts(viewer, { format: "ndjson" });
    const ids = (await new Response(body).text())
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
    const expected = await database.sql<{ id: string }[]>`
      SELECT a.id::text FROM alerts a JOIN tenants t ON t.id = a.tenant_id WHERE t.slug = 'shop' ORDER BY a.time DESC, a.id DESC`;
    expect(ids).toHaveLength(shopAlerts);
    expect(ids).toEqual(expected.map((row) => row.id));
  });

  it("holds no connection or transaction while downloads stall: the list still answers", async () => {
    // more stalled downloads than the pool has connections, each stopped after its first page
    const readers = await Promise.all(Array.from({ length: 6 }, async () => (await exportAlerts(viewer, { format: "csv" })).body.getReader()));
    try {
      for (const reader of readers) await within(Promise.all([reader.read(), reader.read()]), 5_000);
      expect(await openTransactions()).toBe(0);
      const page = await within(listAlerts(viewer, { limit: 1 }), 5_000);
      expect(page).toMatchObject({ items: [expect.objectContaining({ tenant: "shop" })] });
    } finally {
      await Promise.all(readers.map((reader) => reader.cancel()));
    }
  });
});
