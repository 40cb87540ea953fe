import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { createTenant, updateTenantNamespaces } from "@/lib/tenants/tenants";
import { removeStoredAlerts, storeAlertsLike } from "@/test/helpers/stored-alerts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * What ingest keeps beside each group so that the list can filter by cluster, namespace, host and
 * tag, and the group page can show its spread, without reading the group's alerts.
 */

let database: TestDatabase;
let cluster: { id: string; name: string };

beforeAll(async () => {
  database = await createTestDatabase();
  cluster = await createCluster(database.db, operatorActor, { name: "origins" });
  await createTenant(database.db, database.sql, operatorActor, { slug: "web", name: "Web", namespaces: "origins/web-*" });
});
afterAll(() => database.drop());
beforeEach(() => removeStoredAlerts(database.sql));

async function origins() {
  return database.sql`
    SELECT t.slug AS tenant, o.namespace, o.hostname, o.count::int AS count
    FROM alert_group_origins o JOIN alert_groups g ON g.id = o.group_id LEFT JOIN tenants t ON t.id = o.tenant_id
    WHERE o.tenant_id IS NOT DISTINCT FROM g.tenant_id -- each origin carries its group's tenant
    ORDER BY 1, 2, 3`;
}

describe("a group's origins, namespaces and tags", () => {
  it("count the group's alerts per namespace and host, across batches, and gather every tag", async () => {
    const { sql } = database;
    await storeAlertsLike(sql, cluster, [
      { namespace: "web-a", hostname: "node-1", tags: ["container", "process"] },
      { namespace: "web-a", hostname: "node-1", tags: ["container"] },
      { namespace: "web-b", hostname: "node-2", tags: ["container"] },
    ]);
    await storeAlertsLike(sql, cluster, [
      { namespace: "web-a", hostname: "node-1", tags: ["mitre_execution"] },
      { namespace: null, hostname: "node-3", tags: ["host"] },
    ]);

    expect(await origins()).toEqual([
      { tenant: "web", namespace: "web-a", hostname: "node-1", count: 3 },
      { tenant: "web", namespace: "web-b", hostname: "node-2", count: 1 },
      { tenant: null, namespace: "", hostname: "node-3", count: 1 },
    ]);
    const tags = await sql`SELECT segment::text, tags FROM alert_groups ORDER BY alert_groups.segment`;
    expect(tags).toEqual([
      { segment: "tenant", tags: ["container", "mitre_execution", "process"] },
      { segment: "host", tags: ["host"] },
    ]);
  });

  it("move with the alerts when a namespace changes tenant", async () => {
    const { db, sql } = database;
    await storeAlertsLike(sql, cluster, [
      { namespace: "web-a", hostname: "node-1" },
      { namespace: "shop", hostname: "node-1" },
      { namespace: "shop", hostname: "node-2" },
    ]);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "web", namespaces: "origins/web-*,origins/shop" });
    expect(await origins()).toEqual([
      { tenant: "web", namespace: "shop", hostname: "node-1", count: 1 },
      { tenant: "web", namespace: "shop", hostname: "node-2", count: 1 },
      { tenant: "web", namespace: "web-a", hostname: "node-1", count: 1 },
    ]);
    expect(await sql`SELECT namespace, tenant_id IS NOT NULL AS "hasTenant" FROM alert_group_namespaces ORDER BY 1`).toEqual([
      { namespace: "shop", hasTenant: true },
      { namespace: "web-a", hasTenant: true },
    ]);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "web", namespaces: "origins/web-*" });
    expect(await origins()).toEqual([
      { tenant: "web", namespace: "web-a", hostname: "node-1", count: 1 },
      { tenant: null, namespace: "shop", hostname: "node-1", count: 1 },
      { tenant: null, namespace: "shop", hostname: "node-2", count: 1 },
    ]);
  });
});
