import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createSql, type Sql } from "@/lib/db/sql";
import { parseFalcoAlert } from "@/lib/ingest/alert-schema";
import { parseExact } from "@/lib/ingest/exact-json";
import { prepareAlert } from "@/lib/ingest/prepare-alert";
import { assignNamespaceToTenant } from "@/lib/tenants/assign-namespace";
import { loadTenantPatterns } from "@/lib/tenants/load-tenant-patterns";
import { createTenantResolver } from "@/lib/tenants/namespace-patterns";
import { listSeenNamespaces, listUnassignedNamespaces } from "@/lib/tenants/seen-namespaces";
import { previewTenantNamespaces } from "@/lib/tenants/tenant-preview";
import { findTenantSummary, listTenantSummaries } from "@/lib/tenants/tenant-summaries";
import { createTenant, updateTenantNamespaces } from "@/lib/tenants/tenants";
import { alertLike } from "@/test/helpers/fixtures";
import { storeNow } from "@/test/helpers/stored-alerts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";
import { rejection } from "@/test/helpers/thrown-app-error";

/*
 * The queries behind the tenant admin page, on the app's own role seeing every tenant (as
 * getSystemDb does for admins), over alerts stored the way ingest stores them.
 */

let database: TestDatabase;
let db: Db;
let sql: Sql;

/** Stores `count` alerts from `namespace`, each going to the tenant the current patterns give it. */
async function ingest(cluster: { id: string; name: string }, namespace: string, count: number) {
  const tenantOf = createTenantResolver(await loadTenantPatterns(sql));
  const alerts = Array.from({ length: count }, () => {
    const parsed = parseFalcoAlert(parseExact(alertLike("falcosidekick-webhook.json", { uuid: randomUUID() }, { "k8s.ns.name": namespace })));
    if ("error" in parsed) throw new Error(parsed.error);
    return prepareAlert(parsed.alert, { tokenId: randomUUID(), clusterId: cluster.id, clusterName: cluster.name }, tenantOf);
  });
  await storeNow(sql, alerts);
}

async function ownerOf(cluster: string, namespace: string): Promise<string | null> {
  const [row] = await database.sql<{ slug: string | null }[]>`
    SELECT t.slug FROM cluster_namespaces n JOIN clusters c ON c.id = n.cluster_id LEFT JOIN tenants t ON t.id = n.tenant_id
    WHERE c.name = ${cluster} AND n.namespace = ${namespace}`;
  return row?.slug ?? null;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrismaClient(database.appUrl, { seesAllTenants: true });
  sql = createSql(database.appUrl, { max: 2, seesAllTenants: true });
  const prod = await createCluster(db, operatorActor, { name: "prod-eu-1" });
  const dev = await createCluster(db, operatorActor, { name: "dev" });
  // payments is the older tenant: it claims first.
  await createTenant(db, sql, operatorActor, { slug: "payments", name: "Payments", namespaces: "prod-*/payments" });
  await createTenant(db, sql, operatorActor, { slug: "platform", name: "Platform", namespaces: "*/kube-system,prod-eu-1/*" });
  await ingest(prod, "payments", 3);
  await ingest(prod, "kube-system", 2);
  await ingest(prod, "checkout", 1);
  await ingest(dev, "kube-system", 1);
  await ingest(dev, "team-a", 4);
  await ingest(dev, "team-b", 2);
});

afterAll(async () => {
  await db.$disconnect();
  await sql.end({ timeout: 5 });
  await database.drop();
});

describe("the namespaces seen", () => {
  it("lists every pair with its alert count and the tenant its alerts belong to", async () => {
    expect(await listSeenNamespaces(db)).toEqual([
      { cluster: "dev", namespace: "kube-system", alertCount: 1, tenant: "platform" },
      { cluster: "dev", namespace: "team-a", alertCount: 4, tenant: null },
      { cluster: "dev", namespace: "team-b", alertCount: 2, tenant: null },
      { cluster: "prod-eu-1", namespace: "checkout", alertCount: 1, tenant: "platform" },
      { cluster: "prod-eu-1", namespace: "kube-system", alertCount: 2, tenant: "platform" },
      { cluster: "prod-eu-1", namespace: "payments", alertCount: 3, tenant: "payments" },
    ]);
  });

  it("lists the unassigned ones, most alerts first", async () => {
    const unassigned = await listUnassignedNamespaces(db);
    expect(unassigned.map(({ cluster, namespace, alertCount }) => ({ cluster, namespace, alertCount }))).toEqual([
      { cluster: "dev", namespace: "team-a", alertCount: 4 },
      { cluster: "dev", namespace: "team-b", alertCount: 2 },
    ]);
    expect(unassigned[0]?.lastSeen).toBeInstanceOf(Date);
  });

  it("counts each tenant's alerts, in claim order", async () => {
    const summaries = await listTenantSummaries(db);
    expect(summaries.map(({ slug, namespaces, alertCount }) => ({ slug, namespaces, alertCount }))).toEqual([
      { slug: "payments", namespaces: ["prod-*/payments"], alertCount: 3 },
      { slug: "platform", namespaces: ["*/kube-system", "prod-eu-1/*"], alertCount: 4 },
    ]);
    expect((await findTenantSummary(db, "platform")).alertCount).toBe(4);
    expect((await rejection(findTenantSummary(db, "nope"))).code).toBe("not_found");
  });

  it("is hidden from a connection without the every-tenant scope", async () => {
    const unscoped = createPrismaClient(database.appUrl);
    try {
      expect(await listSeenNamespaces(unscoped)).toEqual([]);
      expect(await listUnassignedNamespaces(unscoped)).toEqual([]);
    } finally {
      await unscoped.$disconnect();
    }
  });
});

describe("previewTenantNamespaces", () => {
  it("for a new tenant: claims the unassigned pairs, and shows the ones older tenants keep", async () => {
    const preview = await previewTenantNamespaces(db, { namespaces: "dev/team-*, prod-eu-1/checkout" });
    expect(preview.claimed).toEqual([
      { cluster: "dev", namespace: "team-a", alertCount: 4, tenant: null },
      { cluster: "dev", namespace: "team-b", alertCount: 2, tenant: null },
    ]);
    expect(preview.kept).toEqual([{ cluster: "prod-eu-1", namespace: "checkout", alertCount: 1, tenant: "platform", keptBy: "platform" }]);
    expect(preview.released).toEqual([]);
  });

  it("for an existing tenant: takes pairs from younger tenants, and says which it would let go", async () => {
    const preview = await previewTenantNamespaces(db, { tenant: "payments", namespaces: "prod-eu-1/checkout" });
    expect(preview.claimed).toEqual([{ cluster: "prod-eu-1", namespace: "checkout", alertCount: 1, tenant: "platform" }]);
    expect(preview.released).toEqual([
      { cluster: "prod-eu-1", namespace: "payments", alertCount: 3, tenant: "payments", releasedTo: "platform" },
    ]);
  });

  it("refuses bad patterns and unknown tenants, naming the field", async () => {
    const bad = await rejection(previewTenantNamespaces(db, { namespaces: "prod/pay$" }));
    expect(bad.code).toBe("invalid_input");
    expect(bad.message).toMatch(/^namespaces: "prod\/pay\$" is not CLUSTER\/NAMESPACE/);
    expect((await rejection(previewTenantNamespaces(db, { namespaces: " , " }))).message).toMatch(/^namespaces: give at least one/);
    const unknown = await rejection(previewTenantNamespaces(db, { tenant: "nope", namespaces: "*/*" }));
    expect([unknown.code, unknown.message]).toEqual(["not_found", 'tenant: no tenant "nope"']);
  });

  it("foretells exactly what saving the patterns does", async () => {
    const namespaces = "prod-*/payments,prod-eu-1/checkout,*/team-b";
    const preview = await previewTenantNamespaces(db, { tenant: "payments", namespaces });
    const { movedAlerts } = await updateTenantNamespaces(db, sql, operatorActor, { slug: "payments", namespaces });
    const owned = (await listSeenNamespaces(db)).filter((p) => p.tenant === "payments");
    expect(owned.map((p) => `${p.cluster}/${p.namespace}`)).toEqual(preview.claimed.map((p) => `${p.cluster}/${p.namespace}`));
    const movedHere = preview.claimed.filter((p) => p.tenant !== "payments").reduce((sum, p) => sum + p.alertCount, 0);
    expect(movedAlerts).toBe(movedHere);
    expect(movedAlerts).toBe(3); // checkout's one alert from platform, team-b's two from no one
  });
});

describe("assignNamespaceToTenant", () => {
  it("adds the exact pair to the tenant's patterns and moves the pair's alerts", async () => {
    const before = await findTenantSummary(db, "platform");
    const { tenant, movedAlerts } = await assignNamespaceToTenant(db, sql, operatorActor, { tenant: "platform", cluster: "dev", namespace: "team-a" });
    expect(movedAlerts).toBe(4);
    expect(tenant.namespaces.map((n) => `${n.clusterPattern}/${n.namespacePattern}`).sort()).toEqual([...before.namespaces, "dev/team-a"].sort());
    expect(await ownerOf("dev", "team-a")).toBe("platform");
    const [alerts] = await database.sql<[{ n: number }]>`
      SELECT count(*)::int AS n FROM alerts WHERE namespace = 'team-a' AND tenant_id = ${before.id}`;
    expect(alerts.n).toBe(4);
    expect(await listUnassignedNamespaces(db)).toEqual([]);
    const [event] = await database.sql<{ action: string; after: { namespaces: string } }[]>`
      SELECT action, after FROM audit_events WHERE object_id = ${before.id} ORDER BY id DESC LIMIT 1`;
    expect(event?.action).toBe("tenant.set-namespaces");
    expect(event?.after.namespaces).toContain("dev/team-a");
  });

  it("lets two assignments to one tenant at the same moment see each other: both stay, and the trail says so", async () => {
    await Promise.all(["race-1", "race-2"].map((namespace) => assignNamespaceToTenant(db, sql, operatorActor, { tenant: "platform", cluster: "dev", namespace })));
    expect((await findTenantSummary(db, "platform")).namespaces).toEqual(expect.arrayContaining(["dev/race-1", "dev/race-2"]));
    // the second saw the first's change: its patterns, and what the audit trail says it set, hold both
    const events = await database.sql<{ after: { namespaces: string } }[]>`
      SELECT after FROM audit_events WHERE action = 'tenant.set-namespaces' ORDER BY id DESC LIMIT 2`;
    expect(events[0]!.after.namespaces.split(",")).toEqual(expect.arrayContaining(["dev/race-1", "dev/race-2"]));
  });

  it("refuses a pair it cannot name exactly, a missing tenant, and an unknown one, changing nothing", async () => {
    const wildcard = await rejection(assignNamespaceToTenant(db, sql, operatorActor, { tenant: "platform", cluster: "dev", namespace: "team-*" }));
    expect([wildcard.code, wildcard.message.split(":")[0]]).toEqual(["invalid_input", "namespace"]);
    const missing = await rejection(assignNamespaceToTenant(db, sql, operatorActor, { tenant: "", cluster: "dev", namespace: "x" }));
    expect(missing.message).toBe("tenant: choose a tenant");
    expect((await rejection(assignNamespaceToTenant(db, sql, operatorActor, { tenant: "nope", cluster: "dev", namespace: "x" }))).code).toBe("not_found");
    expect((await findTenantSummary(db, "platform")).namespaces).not.toContain("dev/team-*");
    // Namespace names arrive in alerts: one cannot smuggle more patterns into the tenant's list.
    const smuggled = await rejection(assignNamespaceToTenant(db, sql, operatorActor, { tenant: "platform", cluster: "dev", namespace: "x,prod-eu-1/payments" }));
    expect(smuggled.message).toMatch(/^namespace: no pattern names "dev\/x,prod-eu-1\/payments" alone/);
    expect((await findTenantSummary(db, "platform")).namespaces).not.toContain("prod-eu-1/payments");
  });
});

describe("the audit trail of a tenant's patterns", () => {
  it("records a new tenant's patterns as stored, written as a change of patterns writes them", async () => {
    const { tenant } = await createTenant(db, sql, operatorActor, { slug: "qa", name: "QA", namespaces: " qa-*/web ,, qa-*/api " });
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "qa", namespaces: "qa-*/api, qa-*/web" });
    const events = await database.sql<{ action: string; after: { namespaces: string } }[]>`
      SELECT action, after FROM audit_events WHERE object_id = ${tenant.id} ORDER BY id`;
    expect(events.map((e) => [e.action, e.after.namespaces])).toEqual([
      ["tenant.create", "qa-*/web,qa-*/api"],
      ["tenant.set-namespaces", "qa-*/api,qa-*/web"],
    ]);
  });
});
