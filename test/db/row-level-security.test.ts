import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type Sql } from "@/lib/db/sql";
import { scopedDb } from "@/lib/db/scoped-db";
import { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * Tenant isolation in PostgreSQL itself, with the app's own filters out of the way: the app role
 * queries the tables directly and only the scope set for the transaction decides what it sees.
 */

const tenantTables = ["tenants", "tenant_namespaces", "cluster_namespaces", "alert_groups", "alerts", "alert_group_hourly"];

let database: TestDatabase;
let app: Sql;
const ids = { a: "", b: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  app = createSql(database.appUrl, { max: 1 });
  const sql = database.sql;
  const [cluster] = await sql<{ id: string }[]>`INSERT INTO clusters (name) VALUES ('prod') RETURNING id`;
  for (const slug of ["a", "b"] as const) {
    const [tenant] = await sql<{ id: string }[]>`INSERT INTO tenants (slug, name) VALUES (${slug}, ${slug}) RETURNING id`;
    ids[slug] = tenant!.id;
  }
  // one alert (and group) each for tenant a, tenant b, an unassigned namespace and a host
  const rows = [
    { tenant: ids.a, segment: "tenant", namespace: "ns-a" },
    { tenant: ids.b, segment: "tenant", namespace: "ns-b" },
    { tenant: null, segment: "unassigned", namespace: "ns-x" },
    { tenant: null, segment: "host", namespace: null },
  ];
  for (const [index, row] of rows.entries()) {
    const [group] = await sql<{ id: string }[]>`
      INSERT INTO alert_groups (key, fingerprint, segment, tenant_id, cluster_id, rule, source, identity, first_seen, last_seen, max_priority, count)
      VALUES (${Buffer.from([index])}, ${Buffer.from([index])}, ${row.segment}::segment, ${row.tenant}, ${row.tenant ? null : cluster!.id},
        'Rule', 'syscall', '{}', now(), now(), 'warning', 1)
      RETURNING id`;
    await sql`
      INSERT INTO alerts (dedup_key, group_id, cluster_id, tenant_id, namespace, hostname, source, rule, priority, time, time_nanos, output, output_fields)
      VALUES (${Buffer.from([index])}, ${group!.id}, ${cluster!.id}, ${row.tenant}, ${row.namespace}, 'node', 'syscall', 'Rule', 'warning', now(), 0, 'out', '{}')`;
    await sql`INSERT INTO alert_group_hourly (group_id, hour, priority, count) VALUES (${group!.id}, date_trunc('hour', now()), 'warning', 1)`;
    if (row.namespace) {
      await sql`INSERT INTO cluster_namespaces (cluster_id, namespace, tenant_id, alert_count, first_seen, last_seen)
        VALUES (${cluster!.id}, ${row.namespace}, ${row.tenant}, 1, now(), now())`;
    }
  }
  await sql`INSERT INTO tenant_namespaces (tenant_id, cluster_pattern, namespace_pattern) VALUES (${ids.a}, '*', 'ns-a'), (${ids.b}, '*', 'ns-b')`;
});

afterAll(async () => {
  await app.end({ timeout: 5 });
  await database.drop();
});

/** Row counts per tenant table, as the app role sees them with this scope. */
async function visibleCounts(scope: string | null): Promise<Record<string, number>> {
  return app.begin(async (tx) => {
    if (scope !== null) await tx`SELECT set_config('falconry.scope', ${scope}, true)`;
    const counts: Record<string, number> = {};
    for (const table of tenantTables) {
      const [row] = await tx.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = row!.n;
    }
    return counts;
  });
}

describe("the app's database role", () => {
  it("is no superuser, owns no table, cannot bypass row-level security, and every tenant table forces it", async () => {
    const [role] = await app<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }[]>`
      SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
    const owned = await app`SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`;
    expect(owned).toEqual([]);
    const tables = await app<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[]>`
      SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
      WHERE relname = ANY(${tenantTables}) AND relnamespace = 'public'::regnamespace ORDER BY relname`;
    expect(tables).toEqual(
      [...tenantTables].sort().map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true })),
    );
  });

  it("may add to the audit trail and read it, never change or remove it", async () => {
    await app`INSERT INTO audit_events (action, object_type) VALUES ('test', 'test')`;
    expect(await app`SELECT action FROM audit_events`).toEqual([{ action: "test" }]);
    await expect(app`UPDATE audit_events SET action = 'changed'`).rejects.toThrow(/permission denied/);
    await expect(app`DELETE FROM audit_events`).rejects.toThrow(/permission denied/);
  });

  it("cannot read the app role's password", async () => {
    await expect(app`SELECT password FROM app_role`).rejects.toThrow(/permission denied/);
  });
});

describe("row-level security on its own", () => {
  it("shows a tenant's scope only its rows, and unassigned and host-level rows to 'all' only", async () => {
    expect(await visibleCounts(ids.a)).toEqual({
      tenants: 1, tenant_namespaces: 1, cluster_namespaces: 1, alert_groups: 1, alerts: 1, alert_group_hourly: 1,
    });
    expect(await visibleCounts(`${ids.a},${ids.b}`)).toMatchObject({ tenants: 2, alerts: 2, alert_groups: 2 });
    expect(await visibleCounts("all")).toEqual({
      tenants: 2, tenant_namespaces: 2, cluster_namespaces: 3, alert_groups: 4, alerts: 4, alert_group_hourly: 4,
    });
  });

  it("shows nothing without a scope, or with an empty one: not even the rows without a tenant", async () => {
    const nothing = Object.fromEntries(tenantTables.map((table) => [table, 0]));
    expect(await visibleCounts(null)).toEqual(nothing);
    expect(await visibleCounts("")).toEqual(nothing);
  });

  it("refuses to write rows outside the scope", async () => {
    await expect(
      app.begin(async (tx) => {
        await tx`SELECT set_config('falconry.scope', ${ids.a}, true)`;
        await tx`INSERT INTO tenant_namespaces (tenant_id, cluster_pattern, namespace_pattern) VALUES (${ids.b}, '*', 'stolen')`;
      }),
    ).rejects.toThrow(/row-level security/);
    const updated = await app.begin(async (tx) => {
      await tx`SELECT set_config('falconry.scope', ${ids.a}, true)`;
      return tx`UPDATE alerts SET output = 'tampered' WHERE tenant_id = ${ids.b}`;
    });
    expect(updated.count).toBe(0);
  });
});

describe("scopes on pooled connections", () => {
  it("never carries one request's scope to the next, however requests interleave on a pool of one", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.appUrl, max: 1 }) });
    try {
      const asA = scopedDb(prisma, [ids.a]);
      const asB = scopedDb(prisma, [ids.b]);
      const seen = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? asA : asB).alert.findMany({ select: { tenantId: true } })),
      );
      seen.forEach((rows, i) => expect(rows).toEqual([{ tenantId: i % 2 === 0 ? ids.a : ids.b }]));
      // and the same connection, used without a scope afterwards, sees nothing
      expect(await prisma.alert.count()).toBe(0);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("leaves nothing behind when a scoped write fails half-way", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.appUrl, max: 2 }) });
    try {
      await expect(
        prisma.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT set_config('falconry.scope', ${ids.a}, true)`;
          await tx.tenantNamespace.create({ data: { tenantId: ids.a, clusterPattern: "*", namespacePattern: "half-way" } });
          throw new Error("the request failed after its first write");
        }),
      ).rejects.toThrow("after its first write");
      expect(await database.sql`SELECT namespace_pattern FROM tenant_namespaces WHERE namespace_pattern = 'half-way'`).toEqual([]);
    } finally {
      await prisma.$disconnect();
    }
  });
});
