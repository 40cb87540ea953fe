import { createHash } from "node:crypto";
import type { Sql } from "@/lib/db/sql";

/*
 * Every route and page that shows or changes tenants' data, with the answer each kind of caller
 * must get for tenant A's resources. The API matrix (test/api/isolation-matrix.test.ts) tries them with personal API tokens
 * and checks this list against app/; the browser spec (e2e/people.spec.ts) with session cookies.
 */

export type Who = "ownAnalyst" | "otherAnalyst" | "ownViewer" | "admin" | "anonymous";
export const everyone: readonly Who[] = ["ownAnalyst", "otherAnalyst", "ownViewer", "admin", "anonymous"];

/**
 * What a route is tried on: tenant A's slug, the cluster its patterns name and one of its alert
 * groups' ids (or a slug and id that do not exist).
 */
export interface RouteTarget {
  slug: string;
  cluster: string;
  group: string;
  /** A suppression rule of tenant A's (see `createRuleOfTenant`). */
  suppression: string;
}

export interface TenantScopedRoute {
  name: string;
  /** The file under app/ that answers it. */
  file: string;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: (target: RouteTarget) => string;
  body?: (target: RouteTarget) => unknown;
  /** The body that puts things back after a change that was allowed. */
  restore?: (target: RouteTarget) => unknown;
  expected: Record<Who, number>;
  /** The 404's error for this target, when it is not about the tenant's slug. */
  notFound?: (target: RouteTarget) => string;
}

const read = { ownAnalyst: 200, otherAnalyst: 404, ownViewer: 200, admin: 200, anonymous: 401 };
const adminWrite = { ownAnalyst: 403, otherAnalyst: 404, ownViewer: 403, admin: 200, anonymous: 401 };
const triageWrite = { ownAnalyst: 200, otherAnalyst: 404, ownViewer: 403, admin: 200, anonymous: 401 };
const noSuchGroup = ({ group }: RouteTarget) => `group: no group "${group}"`;
const noSuchRule = ({ suppression }: RouteTarget) => `suppression: no rule "${suppression}"`;
const noSuchTenants = ({ slug }: RouteTarget) => `tenants: no tenant "${slug}"`;
const ruleOf = ({ slug }: RouteTarget) => ({
  matchers: [{ field: "rule", op: "=", value: "Isolation matrix rule" }],
  tenants: [slug],
  comment: "from the isolation matrix",
  endsAt: "2099-01-01T00:00:00Z",
  confirm: true,
});
// Pages send people who are not signed in to the sign-in page.
const page = { ...read, anonymous: 307 };
// Admin pages, which show every tenant, do not exist for anyone else; admin APIs say why they refuse.
const adminPage = { ownAnalyst: 404, otherAnalyst: 404, ownViewer: 404, admin: 200, anonymous: 307 };
const adminRead = { ownAnalyst: 403, otherAnalyst: 403, ownViewer: 403, admin: 200, anonymous: 401 };

export const tenantScopedRoutes: readonly TenantScopedRoute[] = [
  {
    name: "tenant list",
    file: "app/api/v1/tenants/route.ts",
    method: "GET",
    path: () => "/api/v1/tenants",
    // everyone signed in gets a list: of their own tenants only (the matrix checks the bodies)
    expected: { ownAnalyst: 200, otherAnalyst: 200, ownViewer: 200, admin: 200, anonymous: 401 },
  },
  { name: "tenant", file: "app/api/v1/tenants/[slug]/route.ts", method: "GET", path: ({ slug }) => `/api/v1/tenants/${slug}`, expected: read },
  {
    name: "tenant alerts",
    file: "app/api/v1/tenants/[slug]/alerts/route.ts",
    method: "GET",
    path: ({ slug }) => `/api/v1/tenants/${slug}/alerts`,
    expected: read,
  },
  {
    name: "tenant namespaces",
    file: "app/api/v1/tenants/[slug]/route.ts",
    method: "PATCH",
    path: ({ slug }) => `/api/v1/tenants/${slug}`,
    body: ({ cluster }) => ({ namespaces: `${cluster}/team-a,*/stolen` }),
    restore: ({ cluster }) => ({ namespaces: `${cluster}/team-a` }),
    expected: adminWrite,
  },
  { name: "alert list", file: "app/api/v1/alerts/route.ts", method: "GET", path: ({ slug }) => `/api/v1/alerts?tenant=${slug}`, expected: read },
  {
    name: "alert list of a tenant's pod",
    file: "app/api/v1/alerts/route.ts",
    method: "GET",
    path: ({ slug }) => `/api/v1/alerts?tenant=${slug}&pod=checkout-web-5d8f7-abcde`,
    expected: read,
  },
  { name: "alert export", file: "app/api/v1/export/route.ts", method: "GET", path: ({ slug }) => `/api/v1/export?format=ndjson&tenant=${slug}`, expected: read },
  {
    name: "group list",
    file: "app/api/v1/groups/route.ts",
    method: "GET",
    path: () => "/api/v1/groups",
    // everyone signed in gets a list: of their own tenants' groups only (the matrix checks the bodies)
    expected: { ownAnalyst: 200, otherAnalyst: 200, ownViewer: 200, admin: 200, anonymous: 401 },
  },
  {
    name: "group count",
    file: "app/api/v1/groups/count/route.ts",
    method: "GET",
    path: () => "/api/v1/groups/count",
    // everyone signed in gets a count: of their own tenants' groups only
    expected: { ownAnalyst: 200, otherAnalyst: 200, ownViewer: 200, admin: 200, anonymous: 401 },
  },
  { name: "group count of a tenant", file: "app/api/v1/groups/count/route.ts", method: "GET", path: ({ slug }) => `/api/v1/groups/count?tenant=${slug}`, expected: read },
  { name: "group list of a tenant", file: "app/api/v1/groups/route.ts", method: "GET", path: ({ slug }) => `/api/v1/groups?tenant=${slug}`, expected: read },
  { name: "group", file: "app/api/v1/groups/[id]/route.ts", method: "GET", path: ({ group }) => `/api/v1/groups/${group}`, expected: read, notFound: noSuchGroup },
  {
    name: "group update",
    file: "app/api/v1/groups/route.ts",
    method: "PATCH",
    path: () => "/api/v1/groups",
    body: ({ group }) => ({ ids: [group], set: { status: "resolved", reason: "isolation matrix" } }),
    restore: ({ group }) => ({ ids: [group], set: { status: "open" } }),
    expected: triageWrite,
    notFound: noSuchGroup,
  },
  {
    name: "group update by filter",
    file: "app/api/v1/groups/route.ts",
    method: "PATCH",
    path: () => "/api/v1/groups",
    body: ({ slug }) => ({ filter: { tenant: slug }, set: { status: "resolved", reason: "isolation matrix" } }),
    restore: ({ slug }) => ({ filter: { tenant: slug }, set: { status: "open" } }),
    expected: triageWrite,
  },
  {
    name: "group note",
    file: "app/api/v1/groups/[id]/notes/route.ts",
    method: "POST",
    path: ({ group }) => `/api/v1/groups/${group}/notes`,
    body: () => ({ body: "a note from the isolation matrix" }),
    expected: { ...triageWrite, ownAnalyst: 201, admin: 201 },
    notFound: noSuchGroup,
  },
  {
    name: "suppression list",
    file: "app/api/v1/suppressions/route.ts",
    method: "GET",
    path: () => "/api/v1/suppressions",
    // everyone signed in gets a list: of the rules of their own tenants only
    expected: { ownAnalyst: 200, otherAnalyst: 200, ownViewer: 200, admin: 200, anonymous: 401 },
  },
  {
    name: "suppression create",
    file: "app/api/v1/suppressions/route.ts",
    method: "POST",
    path: () => "/api/v1/suppressions",
    body: ruleOf,
    expected: { ...triageWrite, ownAnalyst: 201, admin: 201 },
    notFound: noSuchTenants,
  },
  {
    name: "suppression preview",
    file: "app/api/v1/suppressions/preview/route.ts",
    method: "POST",
    path: () => "/api/v1/suppressions/preview",
    body: (target) => ({ matchers: ruleOf(target).matchers, tenants: [target.slug] }),
    expected: read,
    notFound: noSuchTenants,
  },
  {
    name: "suppression",
    file: "app/api/v1/suppressions/[id]/route.ts",
    method: "GET",
    path: ({ suppression }) => `/api/v1/suppressions/${suppression}`,
    expected: read,
    notFound: noSuchRule,
  },
  {
    name: "suppression update",
    file: "app/api/v1/suppressions/[id]/route.ts",
    method: "PATCH",
    path: ({ suppression }) => `/api/v1/suppressions/${suppression}`,
    body: () => ({ action: "edit", comment: "edited by the isolation matrix" }),
    restore: () => ({ action: "edit", comment: "a rule of tenant A" }),
    expected: triageWrite,
    notFound: noSuchRule,
  },
  {
    name: "suppression export to Falco",
    file: "app/api/v1/suppressions/export/falco/route.ts",
    method: "GET",
    path: ({ suppression }) => `/api/v1/suppressions/export/falco?ids=${suppression}`,
    expected: read,
    notFound: ({ suppression }) => `ids: no rule "${suppression}"`,
  },
  { name: "tenant home page", file: "app/t/[slug]/page.tsx", method: "GET", path: ({ slug }) => `/t/${slug}`, expected: page },
  { name: "tenant home page of a period", file: "app/t/[slug]/page.tsx", method: "GET", path: ({ slug }) => `/t/${slug}?period=24h`, expected: page },
  {
    name: "tenant overview",
    file: "app/api/v1/tenants/[slug]/overview/route.ts",
    method: "GET",
    path: ({ slug }) => `/api/v1/tenants/${slug}/overview?period=30d`,
    expected: read,
  },
  // Every tenant side by side: for people who see them all, refused like the admin pages and APIs.
  { name: "central overview page", file: "app/overview/page.tsx", method: "GET", path: () => "/overview", expected: adminPage },
  { name: "central overview", file: "app/api/v1/overview/route.ts", method: "GET", path: () => "/api/v1/overview?period=24h", expected: adminRead },
  {
    name: "group list page",
    file: "app/groups/page.tsx",
    method: "GET",
    path: () => "/groups",
    // everyone signed in gets the page; the groups in it come from the group list's API
    expected: { ownAnalyst: 200, otherAnalyst: 200, ownViewer: 200, admin: 200, anonymous: 307 },
  },
  { name: "group page", file: "app/groups/[id]/page.tsx", method: "GET", path: ({ group }) => `/groups/${group}`, expected: page },
  { name: "group page of a pod", file: "app/groups/[id]/page.tsx", method: "GET", path: ({ group }) => `/groups/${group}?pod=checkout-web-5d8f7-abcde`, expected: page },
  {
    name: "suppression list page",
    file: "app/suppressions/page.tsx",
    method: "GET",
    path: () => "/suppressions",
    // everyone signed in gets the page; the rules in it come from the suppression list's API
    expected: { ownAnalyst: 200, otherAnalyst: 200, ownViewer: 200, admin: 200, anonymous: 307 },
  },
  { name: "suppression page", file: "app/suppressions/[id]/page.tsx", method: "GET", path: ({ suppression }) => `/suppressions/${suppression}`, expected: page },
  {
    name: "new suppression page",
    file: "app/suppressions/new/page.tsx",
    method: "GET",
    path: () => "/suppressions/new",
    // the form for those who may create rules, offering their own tenants; viewers get no such page
    expected: { ownAnalyst: 200, otherAnalyst: 200, ownViewer: 404, admin: 200, anonymous: 307 },
  },
  {
    name: "new suppression page like a group",
    file: "app/suppressions/new/page.tsx",
    method: "GET",
    path: ({ group }) => `/suppressions/new?groups=${group}`,
    // prefilled for those who see the group; for others the form says it has no such group
    expected: { ownAnalyst: 200, otherAnalyst: 200, ownViewer: 404, admin: 200, anonymous: 307 },
  },
  { name: "admin tenant page", file: "app/admin/tenants/[slug]/page.tsx", method: "GET", path: ({ slug }) => `/admin/tenants/${slug}`, expected: adminPage },
  { name: "admin tenants page", file: "app/admin/tenants/page.tsx", method: "GET", path: () => "/admin/tenants", expected: adminPage },
  { name: "admin users page", file: "app/admin/users/page.tsx", method: "GET", path: () => "/admin/users", expected: adminPage },
  { name: "admin clusters page", file: "app/admin/clusters/page.tsx", method: "GET", path: () => "/admin/clusters", expected: adminPage },
  { name: "admin audit page", file: "app/admin/audit/page.tsx", method: "GET", path: () => "/admin/audit", expected: adminPage },
  {
    name: "tenant pattern preview",
    file: "app/api/v1/admin/tenant-preview/route.ts",
    method: "GET",
    path: ({ slug, cluster }) => `/api/v1/admin/tenant-preview?tenant=${slug}&namespaces=${cluster}/*`,
    expected: adminRead,
  },
];

/**
 * Routes and pages that show no tenant's data, each with the reason; every other route.ts and
 * page.tsx under app/ must be in the table above (test/api/isolation-matrix.test.ts checks).
 */
export const routesWithoutTenantData: Readonly<Record<string, string>> = {
  "app/page.tsx": "the home page lists the caller's own tenants through listVisibleTenants",
  "app/sign-in/page.tsx": "signing in",
  "app/setup/page.tsx": "first access, before anyone exists",
  "app/account/page.tsx": "the caller's own password and API tokens",
  "app/admin/users/[id]/page.tsx": "one person's role and scope, admins only (e2e/admin-users-tenants.spec.ts)",
  "app/api/auth/[...all]/route.ts": "the OpenID Connect callback",
  "app/api/healthz/route.ts": "liveness",
  "app/api/readyz/route.ts": "readiness",
  "app/api/v1/me/route.ts": "the caller themselves",
  "app/api/v1/openapi.json/route.ts": "the API's description",
  "app/api/v1/events/route.ts": "says only that alerts arrived in the caller's own scope (test/api/live-events.test.ts)",
  "app/t/page.tsx": "the Tenant selector's form: redirects to /t/{slug}, which is in the matrix, reading nothing",
};

/** A suppression rule of this tenant's, written directly: what the matrix tries to reach. */
export async function createRuleOfTenant(sql: Sql, tenantId: string): Promise<string> {
  const [rule] = await sql<{ id: string }[]>`
    INSERT INTO suppression_rules (matchers, all_tenants, tenant_ids, comment, mode, ends_at, created_by_email)
    VALUES ('[{"field": "rule", "op": "=", "value": "Isolation matrix rule"}]', false, ${[tenantId]}::uuid[],
      'a rule of tenant A', 'enforce', '2099-01-01T00:00:00Z', 'matrix@example.com')
    RETURNING id::text`;
  return rule!.id;
}

/**
 * A fingerprint of everything a tenant-scoped request could change: tenants and their patterns,
 * people and their scopes, which namespace belongs to whom, alerts, their groups and notes, and the
 * audit trail. Not what merely using a session or token touches (their last-used times). With
 * `tenantIds`, only what concerns those tenants: for a database other tests write to meanwhile.
 */
export async function fingerprintTenantState(sql: Sql, options: { tenantIds?: readonly string[] } = {}): Promise<string> {
  const ids = options.tenantIds ? [...options.tenantIds] : null;
  const [row] = await sql`
    WITH chosen AS (SELECT ${ids}::uuid[] AS ids),
    people AS (
      SELECT u.* FROM users u, chosen
      WHERE chosen.ids IS NULL OR EXISTS (SELECT FROM user_tenants m WHERE m.user_id = u.id AND m.tenant_id = ANY(chosen.ids))
    )
    SELECT (SELECT json_agg(t ORDER BY t.id) FROM tenants t, chosen WHERE chosen.ids IS NULL OR t.id = ANY(chosen.ids)) AS tenants,
           (SELECT json_agg(n ORDER BY n.id) FROM tenant_namespaces n, chosen WHERE chosen.ids IS NULL OR n.tenant_id = ANY(chosen.ids)) AS namespaces,
           (SELECT json_agg(c ORDER BY c.cluster_id, c.namespace) FROM cluster_namespaces c, chosen
              WHERE chosen.ids IS NULL OR c.tenant_id = ANY(chosen.ids)) AS "clusterNamespaces",
           (SELECT json_agg(u ORDER BY u.email) FROM (SELECT email, role, all_tenants, deactivated_at FROM people) u) AS people,
           (SELECT json_agg(m ORDER BY m.user_id, m.tenant_id) FROM user_tenants m WHERE m.user_id IN (SELECT id FROM people)) AS memberships,
           (SELECT json_agg(g ORDER BY g.id) FROM alert_groups g, chosen WHERE chosen.ids IS NULL OR g.tenant_id = ANY(chosen.ids)) AS groups,
           (SELECT json_agg(a ORDER BY a.id) FROM alerts a, chosen WHERE chosen.ids IS NULL OR a.tenant_id = ANY(chosen.ids)) AS alerts,
           (SELECT json_agg(n ORDER BY n.id) FROM group_notes n JOIN alert_groups g ON g.id = n.group_id, chosen
              WHERE chosen.ids IS NULL OR g.tenant_id = ANY(chosen.ids)) AS notes,
           (SELECT json_agg(r ORDER BY r.id) FROM suppression_rules r, chosen
              WHERE chosen.ids IS NULL OR r.all_tenants OR r.tenant_ids && chosen.ids) AS suppressions,
           (SELECT json_agg(e ORDER BY e.id) FROM audit_events e, chosen
              WHERE chosen.ids IS NULL OR e.object_id = ANY(chosen.ids::text[])
                OR (e.object_type = 'group' AND e.object_id IN (SELECT g.id::text FROM alert_groups g WHERE g.tenant_id = ANY(chosen.ids)))
                OR (e.object_type = 'suppression' AND e.object_id IN (SELECT r.id::text FROM suppression_rules r WHERE r.tenant_ids && chosen.ids))) AS audit`;
  return createHash("sha256").update(JSON.stringify(row)).digest("hex");
}
