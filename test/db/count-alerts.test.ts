import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import type { Sql } from "@/lib/db/sql";
import { countersLock } from "@/lib/ingest/count-alerts";
import { createTenant, updateTenantNamespaces } from "@/lib/tenants/tenants";
import { countNow, countOnce, prepareAlertsLike, removeStoredAlerts, storeUncounted, type AlertSpec } from "@/test/helpers/stored-alerts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * Ingest stores alerts and counts them apart (lib/ingest/count-alerts.ts): whoever counts, and
 * whatever happens in between, every stored alert is counted once.
 */

let database: TestDatabase;
let cluster: { id: string; name: string };

beforeAll(async () => {
  database = await createTestDatabase();
  cluster = await createCluster(database.db, operatorActor, { name: "counts" });
  await createTenant(database.db, database.sql, operatorActor, { slug: "web", name: "Web", namespaces: "counts/web" });
});
afterAll(() => database.drop());
beforeEach(() => removeStoredAlerts(database.sql));

async function storeLike(specs: AlertSpec[]): Promise<void> {
  await storeUncounted(database.sql, await prepareAlertsLike(database.sql, cluster, specs));
}

/**
 * What is kept beside the alerts that differs from what their counted alerts say: each group's
 * counters, its hourly counts, origins and namespaces, the rollups and the namespaces seen.
 */
async function countsAtOdds(sql: Sql): Promise<Array<{ kept: string; key: string }>> {
  return sql<{ kept: string; key: string }[]>`
    WITH a AS (SELECT * FROM alerts WHERE id NOT IN (SELECT unnest(alert_ids) FROM uncounted_alerts))
    SELECT 'group' AS kept, g.id::text AS key FROM alert_groups g
      LEFT JOIN (SELECT group_id, count(*) AS n, count(suppressed_by) AS s FROM a GROUP BY 1) c ON c.group_id = g.id
      WHERE g.count <> coalesce(c.n, 0) OR g.suppressed_count <> coalesce(c.s, 0)
    UNION ALL
    SELECT 'group tenant', a.id::text FROM a JOIN alert_groups g ON g.id = a.group_id WHERE g.tenant_id IS DISTINCT FROM a.tenant_id
    UNION ALL
    -- what a count merges in rather than adds, once nothing waits to be counted
    SELECT 'group span', g.id::text FROM alert_groups g JOIN (
      SELECT group_id, min(time) AS first, max(time) AS last, max(priority) AS priority,
        ARRAY(SELECT DISTINCT t FROM alerts x, unnest(x.tags) AS t WHERE x.group_id = alerts.group_id ORDER BY t) AS tags
      FROM alerts GROUP BY group_id) c ON c.group_id = g.id
    WHERE NOT EXISTS (SELECT FROM uncounted_alerts)
      AND (g.first_seen, g.last_seen, g.max_priority, g.tags) IS DISTINCT FROM (c.first, c.last, c.priority, c.tags)
    UNION ALL
    (SELECT 'hourly', concat_ws('/', group_id, hour, priority) FROM (
      SELECT group_id, date_trunc('hour', time, 'UTC') AS hour, priority, count(*) AS n FROM a GROUP BY 1, 2, 3) c
      FULL JOIN alert_group_hourly h USING (group_id, hour, priority) WHERE c.n IS DISTINCT FROM h.count)
    UNION ALL
    (SELECT 'rollup', key FROM (
      SELECT concat_ws('/', b.hours, date_trunc(b.unit, time, 'UTC'), tenant_id, rule, priority) AS key, count(*) AS n
      FROM a CROSS JOIN (VALUES (1::smallint, 'hour'), (24::smallint, 'day')) AS b(hours, unit) GROUP BY 1) c
      FULL JOIN (SELECT concat_ws('/', bucket_hours, bucket, tenant_id, rule, priority) AS key, count FROM alert_rollups WHERE count <> 0) r USING (key)
      WHERE c.n IS DISTINCT FROM r.count)
    UNION ALL
    (SELECT 'origin', concat_ws('/', group_id, namespace, hostname) FROM (
      SELECT group_id, coalesce(namespace, '') AS namespace, hostname, count(*) AS n FROM a GROUP BY 1, 2, 3) c
      FULL JOIN alert_group_origins o USING (group_id, namespace, hostname) WHERE c.n IS DISTINCT FROM o.count)
    UNION ALL
    (SELECT 'group namespace', concat_ws('/', group_id, namespace) FROM (
      SELECT DISTINCT group_id, namespace FROM alerts WHERE namespace IS NOT NULL) c
      FULL JOIN alert_group_namespaces n USING (group_id, namespace)
      WHERE NOT EXISTS (SELECT FROM uncounted_alerts) AND (c.group_id IS NULL OR n.group_id IS NULL))
    UNION ALL
    (SELECT 'namespace seen', concat_ws('/', namespace, c.n, s.alert_count) FROM (
      SELECT namespace, count(*) AS n FROM a WHERE namespace IS NOT NULL GROUP BY 1) c
      FULL JOIN cluster_namespaces s USING (namespace) WHERE c.n IS DISTINCT FROM s.alert_count)`;
}

async function groupCounts(): Promise<number[]> {
  const rows = await database.sql<{ count: string }[]>`SELECT count FROM alert_groups ORDER BY count DESC`;
  return rows.map((row) => Number(row.count));
}

describe("counting stored alerts", () => {
  it("leaves stored alerts out of every count until they are counted, then counts them once", async () => {
    await storeLike([{ namespace: "web" }, { namespace: "web", hostname: "node-2" }, { namespace: "other", exe: "/bin/sh" }]);
    expect(await groupCounts()).toEqual([0, 0]);
    expect(await countsAtOdds(database.sql)).toEqual([]); // nothing counted, nothing kept

    const count = await countOnce(database.sql);
    expect(count).toEqual({ held: true, more: false, tenantIds: expect.arrayContaining([expect.stringMatching(/^[0-9a-f-]{36}$/), ""]) });
    expect(count.tenantIds).toHaveLength(2);
    expect(await groupCounts()).toEqual([2, 1]);
    expect(await countsAtOdds(database.sql)).toEqual([]);

    expect(await countOnce(database.sql)).toEqual({ held: true, more: false, tenantIds: [] });
    expect(await groupCounts()).toEqual([2, 1]);
  });

  it("takes at most its limits of rows and alerts, and says when it left some", async () => {
    for (let batch = 0; batch < 4; batch++) await storeLike([{ namespace: "web" }, { namespace: "web" }, { namespace: "web" }]);
    expect(await countOnce(database.sql, { maxRows: 3, maxAlerts: 5 })).toMatchObject({ more: true }); // rows of 3 alerts: two
    expect(await groupCounts()).toEqual([6]);
    expect(await countOnce(database.sql, { maxRows: 1, maxAlerts: 100 })).toMatchObject({ more: true });
    expect(await countOnce(database.sql, { maxRows: 2, maxAlerts: 100 })).toMatchObject({ more: false });
    expect(await groupCounts()).toEqual([12]);
  });

  it("counts each stored batch once when several replicas count at once", async () => {
    for (let batch = 0; batch < 30; batch++) {
      await storeLike([{ namespace: "web", time: `2026-11-25T${String(batch % 24).padStart(2, "0")}:00:00Z` }, { namespace: batch % 2 ? "web" : "other", exe: `/bin/x${batch % 3}` }]);
    }
    // each takes a few rows, skipping those another holds
    await Promise.all(Array.from({ length: 4 }, () => countOnce(database.sql, { maxRows: 4, maxAlerts: 100 })));
    await countNow(database.sql);
    expect((await groupCounts()).reduce((sum, n) => sum + n, 0)).toBe(60);
    expect(await countsAtOdds(database.sql)).toEqual([]);
  });

  it("reopens a resolved group for an alert that arrived after it was resolved, not for one counted after", async () => {
    const resolve = () => database.sql`UPDATE alert_groups SET status = 'resolved', status_changed_at = now()`;
    const status = async () => (await database.sql<{ status: string }[]>`SELECT status FROM alert_groups`).map((g) => g.status);
    await storeLike([{ namespace: "web" }]);
    await countNow(database.sql);
    await storeLike([{ namespace: "web" }]); // arrives, then the group is resolved before it is counted
    await resolve();
    await countNow(database.sql);
    expect(await status()).toEqual(["resolved"]);
    await storeLike([{ namespace: "web" }]);
    await countNow(database.sql);
    expect(await status()).toEqual(["open"]);
  });

  it("counts nothing while re-segmentation holds the lock, and leaves the alerts to the next count", async () => {
    await storeLike([{ namespace: "web" }]);
    await database.sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${countersLock})`;
      expect(await countOnce(database.sql)).toEqual({ held: false, more: false, tenantIds: [] });
    });
    expect(await groupCounts()).toEqual([0]);
    await countNow(database.sql);
    expect(await groupCounts()).toEqual([1]);
  });

  it("keeps counts true when tenants change while alerts wait to be counted", async () => {
    await storeLike([{ namespace: "web" }, { namespace: "team-a" }, { namespace: "team-a", exe: "/bin/sh" }]);
    await countNow(database.sql);
    // stored with the old patterns, not yet counted: re-segmentation moves them, the count follows
    await storeLike([{ namespace: "team-a" }, { namespace: "team-a", hostname: "node-9" }, { namespace: "web" }]);
    const { tenant, movedAlerts } = await createTenant(database.db, database.sql, operatorActor, { slug: "team-a", name: "Team A", namespaces: "counts/team-a" });
    expect(movedAlerts).toBe(4);
    expect(await countsAtOdds(database.sql)).toEqual([]);
    await countNow(database.sql);
    expect(await countsAtOdds(database.sql)).toEqual([]);
    const [moved] = await database.sql`SELECT sum(count)::int AS n FROM alert_groups WHERE tenant_id = ${tenant.id}`;
    expect(moved).toEqual({ n: 4 });

    // and back, with some alerts of a namespace only uncounted ones have named so far
    await storeLike([{ namespace: "team-a" }, { namespace: "team-new" }]);
    const back = await updateTenantNamespaces(database.db, database.sql, operatorActor, { slug: "team-a", namespaces: "counts/team-new" });
    expect(back.movedAlerts).toBe(6);
    await countNow(database.sql);
    expect(await countsAtOdds(database.sql)).toEqual([]);
    expect(await database.sql`SELECT namespace FROM alerts WHERE tenant_id = ${tenant.id}`).toEqual([{ namespace: "team-new" }]);
  });

  it("gives a group that re-segmentation makes of alerts not yet counted their own span, not their old group's", async () => {
    await storeLike([{ namespace: "payments", exe: "/bin/f", priority: "Critical", time: "2026-11-01T00:00:00Z", tags: ["old"] }]);
    await countNow(database.sql);
    await storeLike([{ namespace: "team-b", exe: "/bin/f", priority: "Notice", time: "2026-11-20T00:00:00Z", tags: ["new"] }]);
    const { tenant } = await createTenant(database.db, database.sql, operatorActor, { slug: "team-b", name: "Team B", namespaces: "counts/team-b" });
    const span = () => database.sql`
      SELECT count::int, first_seen, max_priority, tags FROM alert_groups WHERE tenant_id IS NOT DISTINCT FROM ${tenant.id}::uuid AND identity->>'executable' = '/bin/f'`;
    const arrived = { first_seen: new Date("2026-11-20T00:00:00Z"), max_priority: "notice", tags: ["new"] };
    expect(await span()).toEqual([{ count: 0, ...arrived }]);
    await countNow(database.sql);
    expect(await span()).toEqual([{ count: 1, ...arrived }]);
    expect(await countsAtOdds(database.sql)).toEqual([]);
  });
});
