import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser, deactivateUser } from "@/lib/users/users";
import { startFalconry, type FalconryProcess } from "@/test/helpers/falconry-process";
import { freePort } from "@/test/helpers/free-port";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * Every tenant-scoped route and page, tried by each kind of caller against tenant A's resources:
 * the answer must be the one in the table, and a refused request must change nothing. Later
 * issues add their routes to `routes`.
 */

type Who = "ownAnalyst" | "otherAnalyst" | "ownViewer" | "admin" | "anonymous";
const everyone: Who[] = ["ownAnalyst", "otherAnalyst", "ownViewer", "admin", "anonymous"];

interface Route {
  name: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: (slugs: { a: string }) => string;
  body?: unknown;
  expected: Record<Who, number>;
}

const read = { ownAnalyst: 200, otherAnalyst: 404, ownViewer: 200, admin: 200, anonymous: 401 };
const adminWrite = { ownAnalyst: 403, otherAnalyst: 404, ownViewer: 403, admin: 200, anonymous: 401 };
// Pages send people who are not signed in to the sign-in page.
const page = { ...read, anonymous: 307 };
// Admin pages do not exist for anyone else; admin APIs say why they refuse.
const adminPage = { ownAnalyst: 404, otherAnalyst: 404, ownViewer: 404, admin: 200, anonymous: 307 };
const adminRead = { ownAnalyst: 403, otherAnalyst: 403, ownViewer: 403, admin: 200, anonymous: 401 };

const routes: Route[] = [
  { name: "tenant", method: "GET", path: ({ a }) => `/api/v1/tenants/${a}`, expected: read },
  { name: "tenant alerts", method: "GET", path: ({ a }) => `/api/v1/tenants/${a}/alerts`, expected: read },
  { name: "tenant namespaces", method: "PATCH", path: ({ a }) => `/api/v1/tenants/${a}`, body: { namespaces: "matrix/team-a,*/stolen" }, expected: adminWrite },
  { name: "tenant home page", method: "GET", path: ({ a }) => `/t/${a}`, expected: page },
  { name: "tenant pattern preview", method: "GET", path: ({ a }) => `/api/v1/admin/tenant-preview?tenant=${a}&namespaces=matrix/*`, expected: adminRead },
  { name: "admin users page", method: "GET", path: () => "/admin/users", expected: adminPage },
  { name: "admin tenants page", method: "GET", path: () => "/admin/tenants", expected: adminPage },
  { name: "admin tenant page", method: "GET", path: ({ a }) => `/admin/tenants/${a}`, expected: adminPage },
];

let database: TestDatabase;
let falconry: FalconryProcess;
let baseUrl: string;
const slugs = { a: "matrix-a", b: "matrix-b" };
const tokens: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const { db, sql } = database;
  await createTenant(db, sql, operatorActor, { slug: slugs.a, name: "Matrix A", namespaces: "matrix/team-a" });
  await createTenant(db, sql, operatorActor, { slug: slugs.b, name: "Matrix B", namespaces: "matrix/team-b" });
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
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  falconry = startFalconry({ DATABASE_URL: database.url, PORT: String(port), HOST: "127.0.0.1" });
  await falconry.waitForOutput(/Falconry is running at/);
}, 240_000);

afterAll(async () => {
  await falconry?.interrupt();
  await database?.drop();
});

/** A fingerprint of everything a tenant-scoped request could change. */
async function stateOfTenants(): Promise<string> {
  const rows = await database.sql`
    SELECT (SELECT json_agg(t ORDER BY t.slug) FROM tenants t) AS tenants,
           (SELECT json_agg(n ORDER BY n.tenant_id, n.cluster_pattern, n.namespace_pattern)
              FROM (SELECT tenant_id, cluster_pattern, namespace_pattern FROM tenant_namespaces) n) AS namespaces,
           (SELECT json_agg(u ORDER BY u.email) FROM (SELECT email, role, all_tenants FROM users) u) AS users`;
  return createHash("sha256").update(JSON.stringify(rows)).digest("hex");
}

describe.each(routes)("$method $name", (route) => {
  it.each(everyone)("as %s", async (who) => {
    const before = await stateOfTenants();
    const response = await fetch(baseUrl + route.path(slugs), {
      method: route.method,
      redirect: "manual",
      headers: {
        ...(tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {}),
        ...(route.body ? { "Content-Type": "application/json" } : {}),
      },
      body: route.body ? JSON.stringify(route.body) : undefined,
    });
    expect(response.status).toBe(route.expected[who]);
    if (response.status === 404) {
      // exactly as for a tenant that does not exist
      const missing = await fetch(baseUrl + route.path({ a: "no-such-tenant" }), {
        method: route.method,
        headers: { Authorization: `Bearer ${tokens[who]}`, "Content-Type": "application/json" },
        body: route.body ? JSON.stringify(route.body) : undefined,
      });
      expect(missing.status).toBe(404);
      if (route.path(slugs).startsWith("/api/")) {
        expect((await response.json()) as unknown).toEqual({ error: 'tenant: no tenant "matrix-a"' });
      }
    }
    if (response.status >= 300) expect(await stateOfTenants()).toBe(before);
    if (route.method === "PATCH" && response.status === 200) {
      // put things back for the next caller
      await fetch(baseUrl + route.path(slugs), {
        method: "PATCH",
        headers: { Authorization: `Bearer ${tokens.admin}`, "Content-Type": "application/json" },
        body: JSON.stringify({ namespaces: "matrix/team-a" }),
      });
    }
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
    await revokeApiToken(database.db, operatorActor, { id: second.record.id, ownerId: owner.user.id });
    expect((await asSecond()).status).toBe(401);
  });
});
