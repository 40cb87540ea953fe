import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSql, type Sql, type SqlTransaction } from "@/lib/db/sql";
import { scopedDb, scopedTransaction } from "@/lib/db/scoped-db";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client.ts";
import { updateTenantNamespaces } from "@/lib/tenants/tenants";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * Tenant isolation in PostgreSQL itself, with the app's own filters out of the way: the app role
 * queries the tables directly and only the scope set for the transaction decides what it sees.
 */

/** Tables every connection reads, because a person's scope is made from them (see the migration). */
const readByEveryConnection = ["user_tenants"];
/** Tenant configuration: read within the scope, written with the scope 'all' only. */
const configurationTables = ["tenants", "tenant_namespaces", "cluster_namespaces", "user_tenants"];

let database: TestDatabase;
let app: Sql;
/** Tenants themselves, and every table holding a tenant's rows: read from the catalog, not listed by hand. */
let tenantTables: string[];
/** Those whose rows only their tenant's scope (or 'all') may see. */
let scopedTables: string[];
const ids = { a: "", b: "", user: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  app = createSql(database.appUrl, { max: 1 });
  const sql = database.sql;
  tenantTables = await tenantOwnedTables(sql);
  scopedTables = tenantTables.filter((table) => !readByEveryConnection.includes(table));
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
    await sql`INSERT INTO alert_group_origins (group_id, tenant_id, cluster_id, namespace, hostname, count, last_seen)
      VALUES (${group!.id}, ${row.tenant}, ${cluster!.id}, ${row.namespace ?? ""}, 'node', 1, now())`;
    await sql`INSERT INTO group_notes (group_id, author_email, body) VALUES (${group!.id}, 'a@example.com', 'a note')`;
    await sql`INSERT INTO alert_rollups (bucket_hours, bucket, tenant_id, cluster_id, rule, priority, count, suppressed)
      VALUES (1, date_trunc('hour', now()), ${row.tenant}, ${cluster!.id}, ${`Rule ${index}`}, 'warning', 1, 0)`;
    if (row.namespace) {
      await sql`INSERT INTO alert_group_namespaces (group_id, namespace, tenant_id) VALUES (${group!.id}, ${row.namespace}, ${row.tenant})`;
      await sql`INSERT INTO cluster_namespaces (cluster_id, namespace, tenant_id, alert_count, first_seen, last_seen)
        VALUES (${cluster!.id}, ${row.namespace}, ${row.tenant}, 1, now(), now())`;
    }
  }
  await sql`INSERT INTO tenant_namespaces (tenant_id, cluster_pattern, namespace_pattern) VALUES (${ids.a}, '*', 'ns-a'), (${ids.b}, '*', 'ns-b')`;
  const [user] = await sql<{ id: string }[]>`INSERT INTO users (email, name, role) VALUES ('a@example.com', 'a', 'analyst') RETURNING id`;
  ids.user = user!.id;
  await sql`INSERT INTO user_tenants (user_id, tenant_id) VALUES (${ids.user}, ${ids.a})`;
});

afterAll(async () => {
  await app.end({ timeout: 5 });
  await database.drop();
});

/** `tenants`, and every table in public with a tenant_id column or a foreign key to tenants or alert_groups. */
async function tenantOwnedTables(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      AND (c.relname = 'tenants'
        OR EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
        OR EXISTS (SELECT FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f'
          AND k.confrelid IN ('public.tenants'::regclass, 'public.alert_groups'::regclass)))
    ORDER BY c.relname`;
  return rows.map((row) => row.name);
}

/** Runs `body` as the app role with this scope set for the transaction (none when null). */
async function asApp<T>(scope: string | null, body: (tx: SqlTransaction) => Promise<T>): Promise<T> {
  return app.begin(async (tx) => {
    if (scope !== null) await tx`SELECT set_config('falconry.scope', ${scope}, true)`;
    return body(tx);
  }) as Promise<T>;
}

class Rollback extends Error {
  constructor(readonly result: unknown) {
    super("rolled back on purpose");
  }
}

/** Like `asApp`, but whatever the body wrote is rolled back; returns what the body returned. */
async function asAppRolledBack(scope: string, body: (tx: SqlTransaction) => Promise<unknown>): Promise<unknown> {
  try {
    await asApp(scope, async (tx) => {
      throw new Rollback(await body(tx));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    throw error;
  }
  throw new Error("unreachable");
}

/** Row counts per table, as the app role sees them with this scope. */
async function visibleCounts(scope: string | null, tables: string[] = scopedTables): Promise<Record<string, number>> {
  return asApp(scope, async (tx) => {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [row] = await tx.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = row!.n;
    }
    return counts;
  });
}

/** Every row of the tenant tables, as the owner sees them. */
async function everything(): Promise<string> {
  const parts: unknown[] = [];
  for (const table of tenantTables) parts.push(await database.sql.unsafe(`SELECT * FROM ${table} ORDER BY 1, 2`));
  return JSON.stringify(parts, (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

describe("the app's database role", () => {
  it("is no superuser, cannot bypass row-level security, create roles, databases or tables, and owns nothing", async () => {
    const [role] = await app`
      SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication FROM pg_roles WHERE rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false });
    const owned = await app`SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`;
    expect(owned).toEqual([]);
    await expect(app`CREATE TABLE mine (id int)`).rejects.toThrow(/permission denied for schema public/);
  });

  it("is no member of the role that owns the tables", async () => {
    const owners = await app<{ owner: string; isMember: boolean }[]>`
      SELECT DISTINCT pg_get_userbyid(relowner) AS owner, pg_has_role(current_user, relowner, 'MEMBER') AS "isMember"
      FROM pg_class WHERE relname = ANY(${tenantTables}) AND relnamespace = 'public'::regnamespace`;
    expect(owners).toEqual([{ owner: expect.any(String), isMember: false }]);
  });

  it("meets row-level security, enabled, forced and with a policy, on every tenant table the catalog knows", async () => {
    // the catalog query finds what was known when this was written, and whatever comes later
    expect(tenantTables).toEqual(
      expect.arrayContaining(["alert_group_hourly", "alert_group_namespaces", "alert_group_origins", "alert_groups", "alerts", "cluster_namespaces", "group_notes", "tenant_namespaces", "tenants", "user_tenants"]),
    );
    const tables = await app<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; hasPolicy: boolean }[]>`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid) AS "hasPolicy"
      FROM pg_class c WHERE c.relname = ANY(${tenantTables}) AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname`;
    expect(tables).toEqual(tenantTables.map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true, hasPolicy: true })));
  });

  it("may add to the audit trail and read it, never change or remove it", async () => {
    await app`INSERT INTO audit_events (action, object_type) VALUES ('test', 'test')`;
    expect(await app`SELECT action FROM audit_events WHERE object_type = 'test'`).toEqual([{ action: "test" }]);
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
      tenants: 1, tenant_namespaces: 1, cluster_namespaces: 1, alert_groups: 1, alerts: 1, alert_group_hourly: 1, alert_group_namespaces: 1, alert_group_origins: 1, group_notes: 1,
      alert_rollups: 1,
    });
    expect(await visibleCounts(`${ids.a},${ids.b}`)).toMatchObject({ tenants: 2, alerts: 2, alert_groups: 2 });
    expect(await visibleCounts("all")).toEqual({
      tenants: 2, tenant_namespaces: 2, cluster_namespaces: 3, alert_groups: 4, alerts: 4, alert_group_hourly: 4, alert_group_namespaces: 3, alert_group_origins: 4, group_notes: 4,
      alert_rollups: 4,
    });
  });

  it("shows nothing without a scope, or with an empty one: not even the rows without a tenant", async () => {
    const nothing = Object.fromEntries(scopedTables.map((table) => [table, 0]));
    expect(await visibleCounts(null)).toEqual(nothing);
    expect(await visibleCounts("")).toEqual(nothing);
  });

  it("lets every connection read who belongs to which tenant, which a person's scope is made from", async () => {
    expect(await visibleCounts(null, readByEveryConnection)).toEqual({ user_tenants: 1 });
  });

  it("lets a scope change its own alerts, groups and hourly counts, and nothing outside it", async () => {
    const own = await asAppRolledBack(ids.a, async (tx) => [
      (await tx`UPDATE alerts SET output = 'triaged' WHERE tenant_id = ${ids.a}`).count,
      (await tx`UPDATE alert_groups SET count = 2 WHERE tenant_id = ${ids.a}`).count,
      (await tx`UPDATE alert_group_hourly SET count = 2`).count,
      (await tx`UPDATE alert_group_origins SET count = 2`).count,
    ]);
    expect(own).toEqual([1, 1, 1, 1]);

    const before = await everything();
    const others = await asApp(ids.a, async (tx) => [
      (await tx`UPDATE alerts SET output = 'tampered' WHERE tenant_id = ${ids.b} OR tenant_id IS NULL`).count,
      (await tx`DELETE FROM alert_groups WHERE tenant_id IS DISTINCT FROM ${ids.a}`).count,
      (await tx`DELETE FROM alert_group_hourly WHERE group_id NOT IN (SELECT id FROM alert_groups)`).count,
      (await tx`DELETE FROM alert_group_origins WHERE group_id NOT IN (SELECT id FROM alert_groups)`).count,
    ]);
    expect(others).toEqual([0, 0, 0, 0]);
    // nor move its own rows to another tenant
    await expect(asApp(ids.a, (tx) => tx`UPDATE alerts SET tenant_id = ${ids.b} WHERE tenant_id = ${ids.a}`)).rejects.toThrow(/row-level security/);
    await expect(asApp(ids.a, (tx) => tx`UPDATE alert_groups SET tenant_id = NULL WHERE tenant_id = ${ids.a}`)).rejects.toThrow(/row-level security/);
    expect(await everything()).toBe(before);
  });

  it("lets a scope add notes to its own groups only, and move or remove none by editing them", async () => {
    const before = await everything();
    await expect(
      asApp(ids.a, (tx) => tx`INSERT INTO group_notes (group_id, author_email, body) SELECT id, 'a@example.com', 'x' FROM alert_groups WHERE tenant_id = ${ids.a}`),
    ).resolves.toHaveProperty("count", 1);
    await expect(
      asApp("all", (tx) => tx`INSERT INTO group_notes (group_id, author_email, body) SELECT id, 'a@example.com', 'x' FROM alert_groups WHERE tenant_id = ${ids.b}`),
    ).resolves.toHaveProperty("count", 1);
    const [groupOfB] = await database.sql<{ id: string }[]>`SELECT id FROM alert_groups WHERE tenant_id = ${ids.b}`;
    await expect(asApp(ids.a, (tx) => tx`INSERT INTO group_notes (group_id, author_email, body) VALUES (${groupOfB!.id}, 'a@example.com', 'x')`)).rejects.toThrow(
      /row-level security/,
    );
    await expect(asApp(ids.a, (tx) => tx`UPDATE group_notes SET body = 'rewritten'`)).rejects.toThrow(/permission denied/);
    await expect(asApp(ids.a, (tx) => tx`DELETE FROM group_notes`)).rejects.toThrow(/permission denied/);
    await database.sql`DELETE FROM group_notes WHERE body = 'x'`;
    expect(await everything()).toBe(before);
  });

  it("lets a scope read its tenant's configuration but not write it, not even its own", async () => {
    expect(await visibleCounts(ids.a, configurationTables)).toEqual({ tenants: 1, tenant_namespaces: 1, cluster_namespaces: 1, user_tenants: 1 });
    const before = await everything();

    // a pattern claiming every namespace would hand other tenants' alerts to this one at the next re-segmentation
    const inserts = [
      (tx: SqlTransaction) => tx`INSERT INTO tenants (slug, name) VALUES ('c', 'c')`,
      (tx: SqlTransaction) => tx`INSERT INTO tenant_namespaces (tenant_id, cluster_pattern, namespace_pattern) VALUES (${ids.a}, '*', '*')`,
      (tx: SqlTransaction) => tx`INSERT INTO cluster_namespaces (cluster_id, namespace, tenant_id, alert_count, first_seen, last_seen)
        SELECT id, 'ns-new', ${ids.a}, 0, now(), now() FROM clusters`,
      (tx: SqlTransaction) => tx`INSERT INTO user_tenants (user_id, tenant_id) VALUES (${ids.user}, ${ids.b})`,
    ];
    for (const insert of inserts) await expect(asApp(ids.a, insert)).rejects.toThrow(/violates row-level security policy/);

    const changed = await asApp(ids.a, async (tx) => [
      (await tx`UPDATE tenants SET name = 'renamed' WHERE id = ${ids.a}`).count,
      (await tx`UPDATE tenant_namespaces SET namespace_pattern = '*' WHERE tenant_id = ${ids.a}`).count,
      (await tx`UPDATE cluster_namespaces SET tenant_id = ${ids.a}`).count,
      (await tx`UPDATE user_tenants SET tenant_id = ${ids.b}`).count,
      (await tx`DELETE FROM tenant_namespaces`).count,
      (await tx`DELETE FROM cluster_namespaces`).count,
      (await tx`DELETE FROM user_tenants`).count,
      (await tx`DELETE FROM tenants WHERE id = ${ids.a}`).count,
    ]);
    expect(changed).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await everything()).toBe(before);
  });

  it("lets the scope 'all' write tenant configuration", async () => {
    const changed = await asAppRolledBack("all", async (tx) => [
      (await tx`INSERT INTO tenant_namespaces (tenant_id, cluster_pattern, namespace_pattern) VALUES (${ids.a}, '*', 'ns-more')`).count,
      (await tx`UPDATE tenants SET name = 'renamed' WHERE id = ${ids.a}`).count,
      (await tx`UPDATE cluster_namespaces SET tenant_id = ${ids.a} WHERE namespace = 'ns-x'`).count,
      (await tx`DELETE FROM user_tenants`).count,
    ]);
    expect(changed).toEqual([1, 1, 1, 1]);
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
});

describe("a write that fails half-way", () => {
  it("leaves nothing behind in a scoped transaction, and a scoped client will not pretend to hold one", async () => {
    const prisma = createPrismaClient(database.appUrl);
    try {
      const before = await everything();
      const triage = (tx: Prisma.TransactionClient) =>
        Promise.all([
          tx.alert.updateMany({ where: { tenantId: ids.a }, data: { output: "triaged" } }),
          tx.alertGroup.updateMany({ data: { count: 7 } }),
        ]);
      await expect(
        scopedTransaction(prisma, [ids.a], async (tx) => {
          await triage(tx);
          throw new Error("the request failed after its first writes");
        }),
      ).rejects.toThrow("after its first writes");
      expect(await everything()).toBe(before);

      // the same writes without the failure stand, within the scope only
      const [alerts, groups] = await scopedTransaction(prisma, [ids.a], triage);
      expect([alerts.count, groups.count]).toEqual([1, 1]);
      expect(await database.sql`SELECT count FROM alert_groups WHERE count = 7`).toHaveLength(1);

      // each query of scopedDb is a transaction of its own: they cannot share one
      expect(() => scopedDb(prisma, [ids.a]).$transaction()).toThrow("use scopedTransaction");
    } finally {
      await prisma.$disconnect();
    }
  });

  /** As the tenant route runs it: the app role, with the scope 'all' an admin has. */
  const asAdmin = () => ({
    db: createPrismaClient(database.appUrl, { seesAllTenants: true }),
    sql: createSql(database.appUrl, { max: 2, seesAllTenants: true }),
  });

  async function tenantAState() {
    const [row] = await database.sql`
      SELECT (SELECT json_agg(namespace_pattern ORDER BY namespace_pattern) FROM tenant_namespaces WHERE tenant_id = ${ids.a}) AS patterns,
             (SELECT count(*)::int FROM audit_events WHERE object_id = ${ids.a}) AS "auditRows"`;
    return row;
  }

  it("leaves nothing behind: neither the change nor its audit row", async () => {
    // The failure comes from the database, after updateTenantNamespaces has written its audit row
    // and removed the old patterns, when it inserts the new ones.
    await database.sql.unsafe(`
      CREATE FUNCTION fail_half_way() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.namespace_pattern = 'fails-here' THEN RAISE EXCEPTION 'injected failure half-way'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_half_way BEFORE INSERT ON tenant_namespaces FOR EACH ROW EXECUTE FUNCTION fail_half_way()`);
    const { db, sql } = asAdmin();
    try {
      expect(await tenantAState()).toEqual({ patterns: ["ns-a"], auditRows: 0 });
      await expect(updateTenantNamespaces(db, sql, operatorActor, { slug: "a", namespaces: "*/ns-a,*/fails-here" })).rejects.toThrow(
        /injected failure half-way/,
      );
      expect(await tenantAState()).toEqual({ patterns: ["ns-a"], auditRows: 0 });

      // the same call without the failure does write both
      await updateTenantNamespaces(db, sql, operatorActor, { slug: "a", namespaces: "*/ns-a,*/ns-more" });
      expect(await tenantAState()).toEqual({ patterns: ["ns-a", "ns-more"], auditRows: 1 });
    } finally {
      await db.$disconnect();
      await sql.end({ timeout: 5 });
      await database.sql.unsafe(`DROP TRIGGER fail_half_way ON tenant_namespaces; DROP FUNCTION fail_half_way()`);
    }
  });
});
