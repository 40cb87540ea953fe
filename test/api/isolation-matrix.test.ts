import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken, revokeOwnApiToken } from "@/lib/auth/api-tokens";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser, deactivateUser } from "@/lib/users/users";
import { startFalconryOn, type FalconryProcess } from "@/test/helpers/falconry-process";
import { alertLike } from "@/test/helpers/fixtures";
import { createRuleOfTenant, everyone, fingerprintTenantState, routesWithoutTenantData, tenantScopedRoutes, type RouteTarget, type Who } from "@/test/helpers/tenant-scoped-routes";
import { methodsOf, servedFiles } from "@/test/helpers/served-routes";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * Every tenant-scoped route and page, tried with personal API tokens by each kind of caller against
 * tenant A's resources: the answer must be the one in the table, what it shows must be the caller's
 * own, and a refused request must change nothing. The same table runs with session cookies in
 * e2e/people.spec.ts.
 */

let database: TestDatabase;
let falconry: FalconryProcess;
let baseUrl: string;
const cluster = "matrix";
const slugs = { a: "matrix-a", b: "matrix-b" };
/** Tenant A's, once its alerts are stored: `group` is set in beforeAll. */
const target: RouteTarget = { slug: slugs.a, cluster, group: "", suppression: "" };
const tokens: Partial<Record<Who, string>> = {};

/** What ingest receives: alerts of tenant A, of tenant B, of a namespace no tenant claims, and of a host. */
const sent = {
  a: ["alert one of team a", "alert two of team a"],
  b: ["alert of team b"],
  unassigned: ["alert of a namespace nobody claims"],
  host: ["alert of the node itself"],
};

function alertOf(output: string, index: number, namespace: string | null) {
  return JSON.parse(
    alertLike(
      namespace ? "falco-http-output.json" : "host-event-no-namespace.json",
      { output, time: `2026-11-25T10:0${index}:00.000000000Z` },
      { "k8s.ns.name": namespace, "evt.time": 1795773600000000000 + index * 60_000_000_000 },
    ),
  ) as unknown;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db, sql } = database;
  await createTenant(db, sql, operatorActor, { slug: slugs.a, name: "Matrix A", namespaces: `${cluster}/team-a` });
  await createTenant(db, sql, operatorActor, { slug: slugs.b, name: "Matrix B", namespaces: `${cluster}/team-b` });
  const people: Array<[Who, "admin" | "analyst" | "viewer", string[]]> = [
    ["ownAnalyst", "analyst", [slugs.a]],
    ["otherAnalyst", "analyst", [slugs.b]],
    ["ownViewer", "viewer", [slugs.a]],
    ["admin", "admin", []],
  ];
  for (const [who, role, tenants] of people) {
    const email = `${who.toLowerCase()}@matrix.example`;
    await createUser(db, operatorActor, { email, role, tenants, allTenants: role === "admin", password: "a matrix password" });
    tokens[who] = (await createApiToken(db, operatorActor, { email })).token;
  }
  await createCluster(db, operatorActor, { name: cluster });
  const { token: ingestToken } = await createIngestToken(db, operatorActor, { clusterName: cluster });

  ({ falconry, baseUrl } = await startFalconryOn(database.url));

  const alerts = [
    ...sent.a.map((output, i) => alertOf(output, i, "team-a")),
    ...sent.b.map((output) => alertOf(output, 2, "team-b")),
    ...sent.unassigned.map((output) => alertOf(output, 3, "team-x")),
    ...sent.host.map((output) => alertOf(output, 4, null)),
  ];
  const ingested = await fetch(`${baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ingestToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(alerts),
  });
  expect(await ingested.json()).toEqual({ accepted: 5, duplicates: 0, rejected: [] });
  const [group] = await database.sql<{ id: string }[]>`
    SELECT g.id::text FROM alert_groups g JOIN tenants t ON t.id = g.tenant_id WHERE t.slug = ${slugs.a}`;
  target.group = group!.id;
  const [tenantA] = await database.sql<{ id: string }[]>`SELECT id FROM tenants WHERE slug = ${slugs.a}`;
  target.suppression = await createRuleOfTenant(database.sql, tenantA!.id);
}, 240_000);

afterAll(async () => {
  await falconry?.interrupt();
  await database?.drop();
});

function request(who: Who, method: string, urlPath: string, body?: unknown, options: { rawBody?: string } = {}) {
  const text = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  return fetch(baseUrl + urlPath, {
    method,
    redirect: "manual",
    headers: {
      ...(tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {}),
      ...(text === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: text,
  });
}

describe("what each caller is shown", () => {
  it("stored the alerts where ingest put them: two for A, one for B, one unassigned, one of a host", async () => {
    const rows = await database.sql<{ output: string; slug: string | null; segment: string }[]>`
      SELECT a.output, t.slug, g.segment FROM alerts a JOIN alert_groups g ON g.id = a.group_id
      LEFT JOIN tenants t ON t.id = a.tenant_id ORDER BY a.output`;
    expect(rows).toEqual(
      [
        ...sent.a.map((output) => ({ output, slug: slugs.a, segment: "tenant" })),
        ...sent.b.map((output) => ({ output, slug: slugs.b, segment: "tenant" })),
        ...sent.unassigned.map((output) => ({ output, slug: null, segment: "unassigned" })),
        ...sent.host.map((output) => ({ output, slug: null, segment: "host" })),
      ].sort((x, y) => x.output.localeCompare(y.output)),
    );
  });

  it.each(["ownAnalyst", "ownViewer", "admin"] as const)("shows %s exactly tenant A's alerts on A's alerts route", async (who) => {
    const response = await request(who, "GET", `/api/v1/tenants/${slugs.a}/alerts`);
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<{ output: string; namespace: string | null }> };
    expect(items.map((a) => a.output).sort()).toEqual([...sent.a].sort());
    expect(items.every((a) => a.namespace === "team-a")).toBe(true);
  });

  it("shows the admin tenant B's alerts on B's route, and never the unassigned or host-level ones on a tenant's", async () => {
    const response = await request("admin", "GET", `/api/v1/tenants/${slugs.b}/alerts`);
    const { items } = (await response.json()) as { items: Array<{ output: string }> };
    expect(items.map((a) => a.output)).toEqual(sent.b);
  });

  it.each([
    ["ownAnalyst", [slugs.a]],
    ["otherAnalyst", [slugs.b]],
    ["ownViewer", [slugs.a]],
    ["admin", [slugs.a, slugs.b, null, null]],
  ] as const)("lists %s the alert groups of their own tenants only (all-tenant people also the unassigned and host-level ones)", async (who, expected) => {
    const response = await request(who, "GET", "/api/v1/groups?limit=200");
    expect(response.status).toBe(200);
    const { items, nextCursor } = (await response.json()) as { items: Array<{ tenant: string | null }>; nextCursor: string | null };
    expect(items.map((g) => g.tenant).sort()).toEqual(expected);
    expect(nextCursor).toBeNull();
  });

  it("counts a group's spread and its period from that group's own alerts only", async () => {
    type Group = { count: string; spread: { total: string; namespaces: { items: Array<{ cluster: string; namespace: string | null }> } } };
    const group = (await (await request("ownViewer", "GET", `/api/v1/groups/${target.group}`)).json()) as Group;
    expect(group.spread.total).toBe(group.count);
    expect(group.spread.namespaces.items.map((n) => [n.cluster, n.namespace])).toEqual([[cluster, "team-a"]]);
    for (const who of ["ownAnalyst", "otherAnalyst", "admin"] as const) {
      const response = await request(who, "GET", "/api/v1/groups?limit=200&since=2026-11-25T00:00:00Z&until=2026-11-26T00:00:00Z");
      const { items } = (await response.json()) as { items: Array<{ count: string; periodCount: string }> };
      // every alert was sent that day: each group's period holds all its alerts, and none of another group's
      expect(items.length).toBeGreaterThan(0);
      expect(items.filter((g) => g.periodCount !== g.count)).toEqual([]);
    }
  });

  it.each([
    ["ownAnalyst", [slugs.a]],
    ["otherAnalyst", [slugs.b]],
    ["ownViewer", [slugs.a]],
    ["admin", [slugs.a, slugs.b]],
  ] as const)("lists %s only their own tenants", async (who, expected) => {
    const response = await request(who, "GET", "/api/v1/tenants");
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<{ slug: string; namespaces: string[] }> };
    expect(items.map((t) => t.slug)).toEqual(expected);
  });
});

describe("suppress like these", () => {
  it.each([
    ["ownAnalyst", true],
    ["otherAnalyst", false],
    ["admin", true],
  ] as const)("prefills the new rule from tenant A's group for %s only if they see it", async (who, seesGroup) => {
    const html = await (await request(who, "GET", `/suppressions/new?groups=${target.group}`)).text();
    expect(html.includes("Prefilled from the group you chose")).toBe(seesGroup);
    expect(html.includes(`no group &quot;${target.group}&quot;`)).toBe(!seesGroup);
  });
});

describe.each(tenantScopedRoutes)("$method $name", (route) => {
  it.each(everyone)("as %s", async (who) => {
    const before = await fingerprintTenantState(database.sql);
    const response = await request(who, route.method, route.path(target), route.body?.(target));
    expect(response.status).toBe(route.expected[who]);
    if (response.status === 404) {
      // exactly as for a tenant or group that does not exist
      const missingTarget = { ...target, slug: "no-such-tenant", group: "999999999", suppression: "999999999" };
      const missing = await request(who, route.method, route.path(missingTarget), route.body?.(missingTarget));
      expect(missing.status).toBe(404);
      if (route.file.startsWith("app/api/")) {
        const notFound = route.notFound ?? (({ slug }: RouteTarget) => `tenant: no tenant "${slug}"`);
        expect(await response.json()).toEqual({ error: notFound(target) });
        expect(await missing.json()).toEqual({ error: notFound(missingTarget) });
      }
    }
    if (route.body && (response.status === 401 || response.status === 403)) {
      // refused for who they are, before the body is read: a garbled one gets the same answer
      expect((await request(who, route.method, route.path(target), undefined, { rawBody: "{not json" })).status).toBe(response.status);
    }
    if (response.status >= 300) expect(await fingerprintTenantState(database.sql)).toBe(before);
    if (route.restore && response.status === 200) {
      const restored = await request("admin", route.method, route.path(target), route.restore(target));
      expect(restored.status).toBe(200);
    }
  });
});

describe("the route list", () => {
  it("holds every method of every route and page in app/, or says why it shows no tenant's data", () => {
    const files = servedFiles();
    const served = files.filter((file) => !Object.hasOwn(routesWithoutTenantData, file)).flatMap((file) => methodsOf(file).map((method) => `${method} ${file}`));
    const listed = new Set(tenantScopedRoutes.map((route) => `${route.method} ${route.file}`));
    expect(served.length).toBeGreaterThanOrEqual(10);
    expect(served.filter((entry) => !listed.has(entry))).toEqual([]);
    // and every listed or exempt one still exists
    expect([...listed].filter((entry) => !served.includes(entry))).toEqual([]);
    expect(Object.keys(routesWithoutTenantData).filter((file) => !files.includes(file))).toEqual([]);
  });
});

describe("personal API tokens", () => {
  it("stop working when revoked, and when their owner is deactivated", async () => {
    const email = "short-lived@matrix.example";
    await createUser(database.db, operatorActor, { email, role: "viewer", tenants: [slugs.a], password: "a matrix password" });
    const { token } = await createApiToken(database.db, operatorActor, { email });
    const me = () => fetch(`${baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await (await me()).json()).toEqual({ email, name: email, role: "viewer", tenants: [expect.any(String)] });
    await deactivateUser(database.db, operatorActor, { email });
    expect((await me()).status).toBe(401);

    const owner = await createUser(database.db, operatorActor, { email: "revoker@matrix.example", role: "viewer", tenants: [slugs.a], password: "a matrix password" });
    const second = await createApiToken(database.db, operatorActor, { email: owner.user.email });
    const asSecond = () => fetch(`${baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${second.token}` } });
    expect((await asSecond()).status).toBe(200);
    await revokeOwnApiToken(database.db, operatorActor, { id: second.record.id, ownerId: owner.user.id });
    expect((await asSecond()).status).toBe(401);
  });
});
