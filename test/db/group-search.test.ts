import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import type { Caller } from "@/lib/auth/caller";
import { createCluster } from "@/lib/clusters/clusters";
import { listGroups } from "@/lib/groups/list-groups";
import { createTenant } from "@/lib/tenants/tenants";
import { useAppDatabase } from "@/test/helpers/app-in-process";
import { storeAlertsLike, type AlertSpec } from "@/test/helpers/stored-alerts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * A search within one tenant's groups first tries the tenant's 2,000 newest groups, and asks
 * PostgreSQL's plan only when they do not hold a page (lib/groups/list-groups.ts); so does an
 * admin's search by a namespace whose groups are all one tenant's. Both ways must answer the pages
 * the plain query answers.
 */

let database: TestDatabase;
let analyst: Caller;
let admin: Caller;
/** Group ids per namespace, newest first. */
const expected: Record<string, string[]> = {};
const groupCount = 2_100;

function caller(scope: Caller["scope"]): Caller {
  return { userId: crypto.randomUUID(), email: "x@example.com", name: "x", role: "analyst", mustChangePassword: false, scope, sessionId: null, ip: null, userAgent: null };
}

/** Every page of the list, following cursors. */
async function allPages(who: Caller, query: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await listGroups(who, { ...query, limit: "50", ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await useAppDatabase(database);
  const { tenant } = await createTenant(database.db, database.sql, operatorActor, { slug: "walk", name: "Walk", namespaces: "search/walk-*" });
  await createTenant(database.db, database.sql, operatorActor, { slug: "walk-two", name: "Walk two", namespaces: "search-two/walk-*" });
  analyst = caller([tenant.id]);
  admin = { ...caller("all"), role: "admin" };
  const cluster = await createCluster(database.db, operatorActor, { name: "search" });
  // group i is i seconds older than group 0: one in five in walk-dense, the 3 oldest in walk-rare,
  // one among the newest 2,000 and one beyond them in walk-sparse
  const namespaceOf = (i: number) =>
    i >= groupCount - 3 ? "walk-rare" : i === 11 || i === 2_051 ? "walk-sparse" : i % 5 === 0 ? "walk-dense" : "walk-other";
  const specs: AlertSpec[] = Array.from({ length: groupCount }, (_, i) => ({
    namespace: namespaceOf(i),
    exe: `/bin/exe-${i}`,
    time: new Date(Date.UTC(2026, 10, 30, 12) - i * 1000).toISOString(),
  }));
  await storeAlertsLike(database.sql, cluster, specs);
  const rows = await database.sql<{ id: string; exe: string }[]>`SELECT id::text, identity->>'executable' AS exe FROM alert_groups`;
  const idOf = new Map(rows.map((row) => [row.exe, row.id]));
  specs.forEach((spec, i) => (expected[spec.namespace!] ??= []).push(idOf.get(`/bin/exe-${i}`)!));
  // walk-shared is a namespace of both tenants and of a cluster nobody claims, walk-half of the
  // first tenant and that cluster, walk-loose nobody's
  // (each tenant's more than a page: a walk of either one tenant's groups would fill a page)
  const interleaved = (namespace: string, start: number, exe: string): AlertSpec[] =>
    Array.from({ length: 60 }, (_, i) => ({ namespace, exe: `/bin/${exe}-${i}`, time: new Date(Date.UTC(2026, 10, 30, 12) - (start + i * 9) * 1000).toISOString() }));
  await storeAlertsLike(database.sql, cluster, [...interleaved("walk-shared", 1, "shared-one"), ...interleaved("walk-half", 2, "half-one")]);
  await storeAlertsLike(database.sql, await createCluster(database.db, operatorActor, { name: "search-two" }), interleaved("walk-shared", 4, "shared-two"));
  await storeAlertsLike(database.sql, await createCluster(database.db, operatorActor, { name: "search-three" }), [
    ...interleaved("walk-shared", 7, "shared-nobody"),
    ...interleaved("walk-half", 6, "half-nobody"),
    ...interleaved("walk-loose", 5, "loose"),
  ]);
}, 120_000);
afterAll(() => database.drop());

describe("a search within one tenant's groups", () => {
  it("pages through matches found among the newest groups and through the plain query alike, as an admin's list across tenants does", async () => {
    for (const namespace of ["walk-dense", "walk-rare", "walk-sparse"]) {
      const asAnalyst = await allPages(analyst, { namespace });
      expect(asAnalyst, namespace).toEqual(expected[namespace]);
      expect(await allPages(admin, { namespace, tenant: "walk" }), namespace).toEqual(asAnalyst);
      expect(await allPages(admin, { namespace }), namespace).toEqual(asAnalyst);
    }
    expect(expected["walk-dense"]).toHaveLength(420);
    expect(expected["walk-sparse"]).toHaveLength(2);
  });
});

describe("an admin's search by namespace across tenants", () => {
  it("answers the plain query's pages for a namespace of several tenants, or of none", async () => {
    for (const namespace of ["walk-shared", "walk-half", "walk-loose"]) {
      const plain = await database.sql<{ id: string }[]>`
        SELECT g.id::text FROM alert_groups g
        WHERE EXISTS (SELECT 1 FROM alert_group_namespaces n WHERE n.group_id = g.id AND n.namespace = ${namespace})
        ORDER BY g.last_seen DESC, g.id DESC`;
      expect(await allPages(admin, { namespace }), namespace).toEqual(plain.map((row) => row.id));
    }
    expect(await allPages(admin, { namespace: "walk-shared" })).toHaveLength(180);
    expect(await allPages(analyst, { namespace: "walk-shared" })).toHaveLength(60);
  });
});
