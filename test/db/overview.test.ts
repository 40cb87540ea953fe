import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import type { Caller } from "@/lib/auth/caller";
import { createCluster } from "@/lib/clusters/clusters";
import { getDb } from "@/lib/db";
import { getCentralOverview } from "@/lib/overview/central-overview";
import { getTenantHome } from "@/lib/overview/tenant-home";
import { findVisibleTenantWithRecentAlerts } from "@/lib/tenants/tenant-views";
import { createTenant } from "@/lib/tenants/tenants";
import { useAppDatabase } from "@/test/helpers/app-in-process";
import { createCaller } from "@/test/helpers/callers";
import { storeAlertsLike } from "@/test/helpers/stored-alerts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * The tenant home and the central overview through the library as routes call them, at a fixed
 * time, on clusters that send one alert an hour, at half past.
 */

let database: TestDatabase;
let admin: Caller;
let analyst: Caller;
const hourMs = 3_600_000;
/** Twenty minutes into the hour, and into the UTC day's second hour. */
const now = new Date("2026-11-25T01:20:00Z");
const suppressedAt = "2026-11-25T00:40:00.000Z";

/** One alert at half past each hour from `first` to `last` (RFC 3339 hours). */
function hourly(first: string, last: string): string[] {
  const times: string[] = [];
  for (let t = Date.parse(first) + hourMs / 2; t <= Date.parse(last) + hourMs / 2; t += hourMs) times.push(new Date(t).toISOString());
  return times;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await useAppDatabase(database);
  const { db, sql } = database;
  await createTenant(db, sql, operatorActor, { slug: "web", name: "Web", namespaces: "steady/web" });
  admin = await createCaller(database, "admin@example.com", "admin", []);
  analyst = await createCaller(database, "analyst@example.com", "analyst", ["web"]);
  const steady = await createCluster(db, operatorActor, { name: "steady" });
  const stopped = await createCluster(db, operatorActor, { name: "stopped" });
  await storeAlertsLike(sql, steady, hourly("2026-11-05T00:00:00Z", "2026-11-25T00:00:00Z").map((time) => ({ namespace: "web", time })));
  await storeAlertsLike(sql, stopped, hourly("2026-11-05T00:00:00Z", "2026-11-24T22:00:00Z").map((time) => ({ namespace: "other", time })));
  const [rule] = await sql<{ id: string }[]>`
    INSERT INTO suppression_rules (matchers, all_tenants, comment, mode, created_by_email)
    VALUES ('[{"field": "rule", "op": "=", "value": "Hidden"}]', true, 'hidden', 'enforce', 'test@example.com') RETURNING id::text`;
  await storeAlertsLike(sql, steady, [{ namespace: "web", rule: "Hidden", time: suppressedAt }], () => ({ suppressedBy: rule!.id, shadowedBy: [] }));
}, 120_000);

afterAll(async () => {
  await getDb().$disconnect();
  await database.drop();
});

describe("the change against the period before", () => {
  it("compares a steady tenant's whole hours so far with the same hours before: no change", async () => {
    for (const [period, alerts, compared] of [
      ["7d", 6 * 24 + 1, 6 * 24 + 1], // six days and today's first hour; its second is not over
      ["24h", 23, 23], // the hour now is in has had no alert yet
    ] as const) {
      const { tenants } = await getCentralOverview(admin, { period }, now);
      expect(tenants.find((t) => t.slug === "web"), period).toMatchObject({ alerts, comparedAlerts: compared, previousAlerts: compared });
    }
  });

  it("says what changed since yesterday over the last 24 whole hours and the 24 before", async () => {
    const { changes } = await getTenantHome(analyst, "web", { period: "24h" }, now);
    expect(changes).toMatchObject({ since: "2026-11-24T01:00:00.000Z", until: "2026-11-25T01:00:00.000Z", today: 24, yesterday: 24, rules: [] });
  });
});

describe("blind spots", () => {
  it("measure a cluster's usual gap over the span its alerts were counted in", async () => {
    // last heard at 22:00 (its newest alert's hour), silent for 2 h 50 min: under 3 usual gaps
    const { blindSpots } = await getCentralOverview(admin, { period: "7d" }, new Date("2026-11-25T00:50:00Z"));
    const stopped = blindSpots.clusters.find((c) => c.cluster === "stopped")!;
    expect(stopped).toMatchObject({ lastHeard: "2026-11-24T22:00:00.000Z", weekAlerts: 6 * 24 + 23, isSilent: false });
    expect(stopped.usualGapMs! / 60_000).toBeCloseTo(59.6, 1); // 166 hours over 167 alerts
  });
});

describe("newest alerts", () => {
  it("leave out suppressed ones, as the alert list does by default, on the home and in the API", async () => {
    const home = await getTenantHome(analyst, "web", {}, now);
    expect(home.newestAlerts[0]).toMatchObject({ time: "2026-11-25T00:30:00.000Z" });
    expect(home.newestAlerts.map((alert) => alert.rule)).not.toContain("Hidden");
    const { alerts } = await findVisibleTenantWithRecentAlerts(analyst, "web");
    expect(alerts[0]).toMatchObject({ time: new Date("2026-11-25T00:30:00.000Z") });
    expect(alerts.map((alert) => alert.rule)).not.toContain("Hidden");
  });
});
