import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ownerDatabase, password } from "@/e2e/helpers/arrange";
import { signIn, signedIn } from "@/e2e/helpers/sign-in";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser } from "@/lib/users/users";

/*
 * The tenant home and the central overview, on alerts sent through the real ingest API. Other specs
 * share this Falconry, so each test arranges clusters, tenants and people of its own, named with a
 * suffix of its own, and looks for its own rules.
 */

const fixture = JSON.parse(readFileSync("test/fixtures/falcosidekick-webhook.json", "utf8")) as Record<string, unknown> & {
  output_fields: Record<string, unknown>;
};

interface AlertSpec {
  rule: string;
  priority: string;
  namespace: string;
  time?: string;
  image?: string;
}

async function ingest(baseURL: string, token: string, alerts: AlertSpec[]) {
  const body = alerts.map(({ rule, priority, namespace, time, image }) => ({
    ...fixture,
    uuid: randomUUID(),
    rule,
    priority,
    time: time ?? new Date().toISOString(),
    output: `${priority} ${rule} | ${randomUUID()}`,
    output_fields: { ...fixture.output_fields, "k8s.ns.name": namespace, ...(image ? { "container.image.repository": image } : {}) },
  }));
  const answer = await fetch(new URL("/api/v1/ingest", baseURL), {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(answer.status, await answer.text()).toBe(200);
}

const times = (n: number, spec: AlertSpec) => Array.from({ length: n }, () => ({ ...spec }));

/** Two tenants on one cluster, an analyst of the first and an admin; the first tenant's alerts and the second's. */
async function arrangeTenants(baseURL: string) {
  const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const cluster = `overview-${suffix}`;
  const slugs = { a: `home-a-${suffix}`, b: `home-b-${suffix}` };
  const people = { analyst: `home-analyst-${suffix}@example.com`, admin: `home-admin-${suffix}@example.com` };
  const { db, sql, close } = ownerDatabase();
  let token: string;
  try {
    await createCluster(db, operatorActor, { name: cluster });
    ({ token } = await createIngestToken(db, operatorActor, { clusterName: cluster }));
    await createTenant(db, sql, operatorActor, { slug: slugs.a, name: `Home A ${suffix}`, namespaces: `${cluster}/team-a` });
    await createTenant(db, sql, operatorActor, { slug: slugs.b, name: `Home B ${suffix}`, namespaces: `${cluster}/team-b` });
    await createUser(db, operatorActor, { email: people.analyst, role: "analyst", tenants: [slugs.a], password });
    await createUser(db, operatorActor, { email: people.admin, role: "admin", password });
  } finally {
    await close();
  }
  const rules = { shell: `Shell in container ${suffix}`, read: `Read sensitive file ${suffix}`, other: `Other tenant's rule ${suffix}` };
  // an hour ago: "Since yesterday" counts whole hours only
  const time = new Date(Date.now() - 3_600_000).toISOString();
  await ingest(baseURL, token, [
    ...times(3, { rule: rules.shell, priority: "Critical", namespace: "team-a", image: `ghcr.io/acme/web-${suffix}`, time }),
    { rule: rules.read, priority: "Warning", namespace: "team-a", time },
    ...times(5, { rule: rules.other, priority: "Error", namespace: "team-b", time }),
  ]);
  return { suffix, cluster, slugs, people, rules, token };
}

const panel = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

test("a tenant's analyst lands on their tenant's home after signing in and sees only its numbers", async ({ page, baseURL }) => {
  const arranged = await arrangeTenants(baseURL!);
  await signIn(page, arranged.people.analyst);
  await expect(page).toHaveURL(new RegExp(`/t/${arranged.slugs.a}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Home A ${arranged.suffix}` })).toBeVisible();

  // the four alerts ingested for tenant A, not tenant B's five
  await expect(panel(page, "Alerts over time").getByRole("figure", { name: "Alerts per day, by priority: 4 in all." })).toBeVisible();
  await expect(panel(page, "Since yesterday")).toContainText(/4 alerts in the 24 hours to \d\d:00 UTC, 0 in the 24 before\./);
  await expect(panel(page, "Triage backlog")).toContainText("Open2");
  const topRules = panel(page, "Top rules");
  await expect(topRules.getByRole("link", { name: `${arranged.rules.shell}: 3 alerts` })).toBeVisible();
  await expect(topRules.getByRole("link", { name: `${arranged.rules.read}: 1 alert` })).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText(arranged.rules.other);
  await page.screenshot({ path: "e2e/artifacts/tenant-home.png", fullPage: true });

  // the table under a chart holds the same numbers
  await topRules.getByText("Show as a table").click();
  const shellRow = topRules.getByRole("table").getByRole("row").filter({ hasText: arranged.rules.shell });
  await expect(shellRow.getByRole("cell").nth(1)).toHaveText("3");

  // the other tenant, and the central overview, are pages that do not exist for them
  expect((await page.request.get(`/api/v1/tenants/${arranged.slugs.b}/overview`)).status()).toBe(404);
  const own = await (await page.request.get(`/api/v1/tenants/${arranged.slugs.a}/overview?period=24h`)).json();
  expect(own.topRules.map((r: { rule: string; count: number }) => [r.rule, r.count])).toEqual([
    [arranged.rules.shell, 3],
    [arranged.rules.read, 1],
  ]);
  expect((await page.request.get("/api/v1/overview")).status()).toBe(403);
  const overview = await page.goto("/overview");
  expect(overview?.status()).toBe(404);
});

test("a chart's bar leads to the triage list filtered to it", async ({ page, baseURL }) => {
  const arranged = await arrangeTenants(baseURL!);
  await signedIn(page, arranged.people.analyst);
  await page.goto(`/t/${arranged.slugs.a}?period=24h`);
  await panel(page, "Top rules").getByRole("link", { name: `${arranged.rules.shell}: 3 alerts` }).click();
  await expect(page).toHaveURL(/\/groups\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("tenant")).toBe(arranged.slugs.a);
  expect(url.searchParams.get("rule")).toBe(arranged.rules.shell);
  expect(url.searchParams.get("since")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
  const groups = page.getByRole("region", { name: "Groups", exact: true });
  await expect(groups.getByRole("row").filter({ hasText: arranged.rules.shell })).toHaveCount(1);
  await expect(groups.getByRole("row").filter({ hasText: arranged.rules.read })).toHaveCount(0);

  // a segment of the stacked chart: critical alerts of the hour before this one
  await page.goto(`/t/${arranged.slugs.a}?period=24h`);
  await panel(page, "Alerts over time").getByRole("link", { name: /: 3 critical$/ }).click();
  await expect(page).toHaveURL(/priority=critical&priorityMatch=exactly/);
  await expect(groups.getByRole("row").filter({ hasText: arranged.rules.shell })).toHaveCount(1);
  await expect(groups.getByRole("row").filter({ hasText: arranged.rules.read })).toHaveCount(0);
  await page.screenshot({ path: "e2e/artifacts/tenant-home-click-through.png", fullPage: true });
});

test("the central overview ranks a noisy rule first and flags a cluster that stopped sending", async ({ page, baseURL }) => {
  test.slow(); // three hundred alerts to ingest and a page over every tenant, on a machine shared with the other specs
  const arranged = await arrangeTenants(baseURL!);
  const noisy = `Noisy rule ${arranged.suffix}`;
  await ingest(baseURL!, arranged.token, [
    ...times(150, { rule: noisy, priority: "Notice", namespace: "team-a" }),
    ...times(150, { rule: noisy, priority: "Notice", namespace: "team-b" }),
  ]);

  // A cluster that sent an alert an hour for a day, then nothing for two days: its alerts carry their
  // old event times, and its token's last use is set back to when it last sent.
  const quiet = `quiet-${arranged.suffix}`;
  const { db, close } = ownerDatabase();
  let quietToken: string;
  try {
    await createCluster(db, operatorActor, { name: quiet });
    ({ token: quietToken } = await createIngestToken(db, operatorActor, { clusterName: quiet }));
  } finally {
    await close().catch(() => {});
  }
  const now = Date.now();
  await ingest(
    baseURL!,
    quietToken,
    Array.from({ length: 24 }, (_, i) => ({ rule: `Quiet cluster rule ${arranged.suffix}`, priority: "Notice", namespace: "team-q", time: new Date(now - (72 - i) * 3_600_000).toISOString() })),
  );
  const owner = ownerDatabase();
  try {
    // ingest notes a token's use after answering: let it, then move it back
    await expect
      .poll(async () => (await owner.sql`SELECT last_used_at FROM ingest_tokens WHERE cluster_id = (SELECT id FROM clusters WHERE name = ${quiet})`)[0]?.last_used_at ?? null)
      .not.toBeNull();
    await owner.sql`UPDATE ingest_tokens SET last_used_at = now() - interval '49 hours' WHERE cluster_id = (SELECT id FROM clusters WHERE name = ${quiet})`;
  } finally {
    await owner.close();
  }

  await signIn(page, arranged.people.admin);
  await expect(page).toHaveURL(/\/overview$/);
  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "Last 24 hours" }).click();
  await expect(page).toHaveURL(/\/overview\?period=24h$/);
  await expect(page.getByRole("list", { name: "Rule noise ranking" }).getByRole("listitem").first()).toContainText(`${noisy}: 300 alerts, 2 tenants`);
  await expect(panel(page, "Blind or quiet").getByRole("alert").filter({ hasText: quiet })).toContainText(`Cluster ${quiet} silent since`);
  // every tenant side by side, sortable, each leading to its home
  const tenants = panel(page, "Tenants");
  await expect(tenants.getByRole("link", { name: `Home A ${arranged.suffix}` })).toBeVisible();
  await page.screenshot({ path: "e2e/artifacts/overview.png", fullPage: true });
  await tenants.getByRole("button", { name: "Tenant" }).click();
  await expect(tenants.getByRole("columnheader", { name: /Tenant/ })).toHaveAttribute("aria-sort", "ascending");

  // the noisiest rule's bar leads to its groups across tenants
  await panel(page, "Noisiest rules").getByRole("link", { name: `${noisy}: 300 alerts` }).click();
  await expect(page).toHaveURL(/\/groups\?/);
  expect(new URL(page.url()).searchParams.get("rule")).toBe(noisy);
  await expect(page.getByRole("region", { name: "Groups", exact: true }).getByRole("row").filter({ hasText: noisy })).toHaveCount(2);
});

test("someone who sees every tenant switches tenants: choose one, then Switch; choosing alone stays", async ({ page, baseURL }) => {
  const arranged = await arrangeTenants(baseURL!);
  await signedIn(page, arranged.people.admin);
  await page.goto(`/t/${arranged.slugs.a}?period=24h`);
  const tenant = page.getByLabel("Tenant", { exact: true });
  // on Linux and Windows an arrow key changes a closed select's option: that is choosing, not going
  await tenant.focus();
  await page.keyboard.press("ArrowDown");
  await expect(tenant).not.toHaveValue(arranged.slugs.a);
  await tenant.selectOption(arranged.slugs.b);
  await expect(page.getByRole("heading", { level: 1, name: `Home A ${arranged.suffix}` })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(`/t/${arranged.slugs.a}`);

  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${arranged.slugs.b}\\?period=24h$`));
  await expect(page.getByRole("heading", { level: 1, name: `Home B ${arranged.suffix}` })).toBeVisible();
  await expect(tenant).toHaveValue(arranged.slugs.b);
});

test("the Tenant selector works without JavaScript", async ({ page: signingIn, browser, baseURL }) => {
  const arranged = await arrangeTenants(baseURL!);
  await signedIn(signingIn, arranged.people.admin);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await signingIn.context().storageState() });
  try {
    const page = await context.newPage();
    await page.goto(`/t/${arranged.slugs.a}`);
    await page.getByLabel("Tenant", { exact: true }).selectOption(arranged.slugs.b);
    await page.getByRole("button", { name: "Switch" }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${arranged.slugs.b}\\?period=7d$`));
    await expect(page.getByRole("heading", { level: 1, name: `Home B ${arranged.suffix}` })).toBeVisible();
  } finally {
    await context.close();
  }
});
