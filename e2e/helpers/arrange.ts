import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createSql, type Sql } from "@/lib/db/sql";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser } from "@/lib/users/users";
import { createRuleOfTenant } from "@/test/helpers/tenant-scoped-routes";

/** A database as its owner (the shared Falconry's unless told): for arranging what a spec needs and checking what it did. */
export function ownerDatabase(url = process.env.FALCONRY_E2E_DATABASE_URL): { db: Db; sql: Sql; close(): Promise<void> } {
  if (!url) throw new Error("FALCONRY_E2E_DATABASE_URL is not set: run the specs through playwright.config.ts");
  const db = createPrismaClient(url, { seesAllTenants: true });
  const sql = createSql(url, { max: 2, seesAllTenants: true });
  return { db, sql, close: async () => void (await Promise.all([db.$disconnect(), sql.end({ timeout: 5 })])) };
}

export const password = "correct horse battery staple";

/** Two tenants on one cluster, a user scoped to each, a viewer of the first, and alerts ingested through the API (the first tenant's group id). */
export async function arrangeTenants(baseURL: string, suffix: string) {
  const { db, sql, close } = ownerDatabase();
  try {
    const cluster = `cluster-${suffix}`;
    await createCluster(db, operatorActor, { name: cluster });
    const { token } = await createIngestToken(db, operatorActor, { clusterName: cluster });
    const slugs = { a: `alpha-${suffix}`, b: `beta-${suffix}` };
    const alpha = await createTenant(db, sql, operatorActor, { slug: slugs.a, name: `Alpha ${suffix}`, namespaces: `${cluster}/team-a` });
    const beta = await createTenant(db, sql, operatorActor, { slug: slugs.b, name: `Beta ${suffix}`, namespaces: `${cluster}/team-b` });
    const users = { a: `analyst-a-${suffix}@example.com`, b: `analyst-b-${suffix}@example.com`, viewerA: `viewer-a-${suffix}@example.com` };
    await createUser(db, operatorActor, { email: users.a, role: "analyst", tenants: [slugs.a], password });
    await createUser(db, operatorActor, { email: users.b, role: "analyst", tenants: [slugs.b], password });
    await createUser(db, operatorActor, { email: users.viewerA, role: "viewer", tenants: [slugs.a], password });

    const hostile = JSON.parse(readFileSync("test/fixtures/hostile-fields.json", "utf8")) as Record<string, unknown>;
    const forB = { ...hostile, output: "a quiet alert of team b", output_fields: { "k8s.ns.name": "team-b", "proc.name": "sh" } };
    const answer = await fetch(new URL("/api/v1/ingest", baseURL), {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify([hostile, forB]),
    });
    if (answer.status !== 200) throw new Error(`ingest answered ${answer.status}: ${await answer.text()}`);
    const [groupA] = await sql<{ id: string }[]>`SELECT id::text FROM alert_groups WHERE tenant_id = ${alpha.tenant.id}`;
    if (!groupA) throw new Error("tenant A's alert has no group");
    const suppressionA = await createRuleOfTenant(sql, alpha.tenant.id);
    return { cluster, slugs, tenantIds: [alpha.tenant.id, beta.tenant.id], users, groupA: groupA.id, suppressionA };
  } finally {
    await close();
  }
}

/**
 * A tenant of its own (`<prefix>-<suffix>`, claiming `namespace` of a cluster of the same name) with
 * an ingest token, an analyst and a viewer: what a spec about one team's alerts starts from.
 */
export async function arrangeTeam(prefix: string, namespace: string) {
  const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const cluster = `${prefix}-${suffix}`;
  const slug = `${prefix}-${suffix}`;
  const analyst = `analyst-${suffix}@example.com`;
  const viewer = `viewer-${suffix}@example.com`;
  const { db, sql, close } = ownerDatabase();
  try {
    await createCluster(db, operatorActor, { name: cluster });
    const { token } = await createIngestToken(db, operatorActor, { clusterName: cluster });
    await createTenant(db, sql, operatorActor, { slug, name: `${prefix} ${suffix}`, namespaces: `${cluster}/${namespace}` });
    await createUser(db, operatorActor, { email: analyst, role: "analyst", tenants: [slug], password });
    await createUser(db, operatorActor, { email: viewer, role: "viewer", tenants: [slug], password });
    return { suffix, cluster, slug, token, analyst, viewer };
  } finally {
    await close();
  }
}
