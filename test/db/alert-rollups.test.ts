import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { createTenant, updateTenantNamespaces } from "@/lib/tenants/tenants";
import { removeStoredAlerts, storeAlertsLike } from "@/test/helpers/stored-alerts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * The rollups the tenant home and the overview read must always say what counting the alerts
 * would: after ingest (across batches, hours and days, suppressed or not) and after
 * re-segmentation moved alerts between tenants.
 */

let database: TestDatabase;
let cluster: { id: string; name: string };
let ruleId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  cluster = await createCluster(database.db, operatorActor, { name: "rollups" });
  await createTenant(database.db, database.sql, operatorActor, { slug: "web", name: "Web", namespaces: "rollups/web-*" });
  const [rule] = await database.sql<{ id: string }[]>`
    INSERT INTO suppression_rules (matchers, all_tenants, comment, mode, created_by_email)
    VALUES ('[{"field": "rule", "op": "=", "value": "Rollup test"}]', true, 'rollup test', 'enforce', 'test@example.com') RETURNING id::text`;
  ruleId = rule!.id;
});
afterAll(() => database.drop());
beforeEach(() => removeStoredAlerts(database.sql));

/** The rollups as stored (rows counting nothing left out) and as counting the alerts gives them. */
async function storedAndCounted() {
  const { sql } = database;
  const stored = await sql`
    SELECT bucket_hours, bucket, tenant_id, cluster_id, rule, priority::text, count::int, suppressed::int
    FROM alert_rollups WHERE count <> 0 OR suppressed <> 0 ORDER BY 1, 2, 3, 4, 5, 6`;
  const counted = await sql`
    SELECT b.hours AS bucket_hours, date_trunc(b.unit, a.time, 'UTC') AS bucket, a.tenant_id, a.cluster_id, a.rule,
      a.priority::text, count(*)::int AS count, count(a.suppressed_by)::int AS suppressed
    FROM alerts a CROSS JOIN (VALUES (1::smallint, 'hour'), (24::smallint, 'day')) AS b(hours, unit)
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;
  return { stored: [...stored], counted: [...counted] };
}

describe("alert rollups", () => {
  it("count each alert in its hour and its UTC day, per tenant, cluster, rule and priority, with the suppressed ones", async () => {
    const { sql } = database;
    await storeAlertsLike(sql, cluster, [
      { namespace: "web-a", rule: "Shell", priority: "Critical", time: "2026-11-20T23:10:00Z" },
      { namespace: "web-a", rule: "Shell", priority: "Critical", time: "2026-11-20T23:50:00Z" },
      { namespace: "web-b", rule: "Shell", priority: "Warning", time: "2026-11-21T00:05:00Z" },
      { namespace: "other", rule: "Shell", priority: "Critical", time: "2026-11-21T00:06:00Z" },
      { namespace: null, rule: "Falco internal: syscall event drop", priority: "Debug", time: "2026-11-21T00:07:00Z" },
    ]);
    await storeAlertsLike(
      sql,
      cluster,
      [
        { namespace: "web-a", rule: "Shell", priority: "Critical", time: "2026-11-20T23:20:00Z" },
        { namespace: "other", rule: "Shell", priority: "Critical", time: "2026-11-21T00:30:00Z" },
      ],
      () => ({ suppressedBy: ruleId, shadowedBy: [] }),
    );
    const { stored, counted } = await storedAndCounted();
    expect(stored).toEqual(counted);
    const [day] = await sql<{ count: number; suppressed: number }[]>`
      SELECT sum(count)::int AS count, sum(suppressed)::int AS suppressed FROM alert_rollups
      WHERE bucket_hours = 24 AND bucket = '2026-11-20T00:00:00Z' AND rule = 'Shell'`;
    expect(day).toEqual({ count: 3, suppressed: 1 });
    // unassigned alerts of one cluster share a row (no tenant)
    const [unassigned] = await sql<{ rows: number }[]>`
      SELECT count(*)::int AS rows FROM alert_rollups WHERE tenant_id IS NULL AND bucket_hours = 1 AND rule = 'Shell'`;
    expect(unassigned).toEqual({ rows: 1 });
  });

  it("move with the alerts when a namespace changes tenant, and back", async () => {
    const { db, sql } = database;
    await storeAlertsLike(sql, cluster, [
      { namespace: "web-a", rule: "Shell", time: "2026-11-21T10:00:00Z" },
      { namespace: "shop", rule: "Shell", time: "2026-11-21T10:10:00Z" },
      { namespace: "shop", rule: "Read file", time: "2026-11-22T10:10:00Z" },
    ]);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "web", namespaces: "rollups/web-*,rollups/shop" });
    let { stored, counted } = await storedAndCounted();
    expect(stored).toEqual(counted);
    expect(stored.every((row) => row.tenant_id !== null)).toBe(true);

    await updateTenantNamespaces(db, sql, operatorActor, { slug: "web", namespaces: "rollups/web-*" });
    ({ stored, counted } = await storedAndCounted());
    expect(stored).toEqual(counted);
  });

  it("lose the suppression of a rule that does not apply where the alerts move to, and keep one that does", async () => {
    const { db, sql } = database;
    const [webOnly] = await sql<{ id: string }[]>`
      INSERT INTO suppression_rules (matchers, all_tenants, tenant_ids, comment, mode, created_by_email)
      SELECT '[{"field": "rule", "op": "=", "value": "Web only"}]', false, ARRAY[id], 'web only', 'enforce', 'test@example.com'
      FROM tenants WHERE slug = 'web' RETURNING id::text`;
    const byRule: Record<string, string> = { "Web only": webOnly!.id, "Rollup test": ruleId };
    await storeAlertsLike(sql, cluster, [{ namespace: "web-x", rule: "Web only" }, { namespace: "web-x", rule: "Rollup test" }], (alert) => ({
      suppressedBy: byRule[alert.rule] ?? null,
      shadowedBy: [],
    }));

    await updateTenantNamespaces(db, sql, operatorActor, { slug: "web", namespaces: "rollups/web-a" }); // web-x: unassigned
    const moved = await sql`SELECT a.rule, a.suppressed_by::text, g.suppressed_count::int FROM alerts a JOIN alert_groups g ON g.id = a.group_id ORDER BY a.rule`;
    expect(moved).toEqual([
      { rule: "Rollup test", suppressed_by: ruleId, suppressed_count: 1 }, // a rule for all tenants covers unassigned namespaces
      { rule: "Web only", suppressed_by: null, suppressed_count: 0 },
    ]);
    const { stored, counted } = await storedAndCounted();
    expect(stored).toEqual(counted);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "web", namespaces: "rollups/web-*" });
  });
});
