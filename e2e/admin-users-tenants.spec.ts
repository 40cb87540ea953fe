import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ownerDatabase, password } from "@/e2e/helpers/arrange";
import { signIn, signedIn } from "@/e2e/helpers/sign-in";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser } from "@/lib/users/users";

/*
 * The admin pages for people and tenants, driven as an admin would. Other specs share this
 * Falconry and its database, so every name here carries a suffix of this run's own, and tenant
 * patterns name only this run's clusters.
 */

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/** An admin of this test's own, created as the operator's CLI would. */
async function arrangeAdmin(suffix: string): Promise<string> {
  const email = `admin-${suffix}@example.com`;
  const { db, close } = ownerDatabase();
  try {
    await createUser(db, operatorActor, { email, role: "admin", password });
    return email;
  } finally {
    await close();
  }
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

const mainAlert = (page: Page) => page.getByRole("main").getByRole("alert");

test("people who are not admins get the page that does not exist, and the preview API refuses them", async ({ page }) => {
  const suffix = uniqueSuffix();
  const email = `analyst-${suffix}@example.com`;
  const { db, close } = ownerDatabase();
  try {
    await createUser(db, operatorActor, { email, role: "analyst", allTenants: true, password });
  } finally {
    await close();
  }
  expect((await page.request.get("/api/v1/admin/tenant-preview?namespaces=*/*")).status()).toBe(401);

  await signedIn(page, email, password);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  for (const path of ["/admin/users", "/admin/tenants", "/admin/tenants/no-such-tenant"]) {
    const answer = await page.goto(path);
    expect(answer?.status(), path).toBe(404);
    await expect(page.getByText("This page could not be found.")).toBeVisible();
  }
  const preview = await page.request.get("/api/v1/admin/tenant-preview?namespaces=*/*");
  expect(preview.status()).toBe(403);
  expect(await preview.json()).toEqual({ error: "role: analysts may not do this" });
});

test("an admin creates a person with a one-time password, changes their role, and deactivates them", async ({ page, browser }) => {
  test.slow();
  const suffix = uniqueSuffix();
  const admin = await arrangeAdmin(suffix);
  const tenant = { slug: `scope-${suffix}`, name: `Scope ${suffix}` };
  const person = `person-${suffix}@example.com`;
  const { db, sql, close } = ownerDatabase();
  try {
    await createTenant(db, sql, operatorActor, { ...tenant, namespaces: `cluster-of-${suffix}/team` });
  } finally {
    await close();
  }

  await signedIn(page, admin, password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  const newUser = page.getByRole("region", { name: "New user" });

  // Scoped to chosen tenants with none ticked: refused, the email kept, nobody created.
  await newUser.getByLabel("Email", { exact: true }).fill(person);
  await newUser.getByRole("combobox", { name: "Role" }).selectOption("viewer");
  await newUser.getByRole("radio", { name: "Only the tenants ticked" }).check();
  await newUser.getByRole("button", { name: "Create user" }).click();
  await expect(mainAlert(page)).toHaveText("tenants: tick at least one tenant, or choose All tenants");
  await expect(newUser.getByLabel("Email", { exact: true })).toHaveValue(person);
  await expect(newUser.getByRole("combobox", { name: "Role" })).toHaveValue("viewer");
  await expect(newUser.getByRole("radio", { name: "Only the tenants ticked" })).toBeChecked();
  await newUser.getByRole("combobox", { name: "Role" }).selectOption("analyst");
  await expect(page.getByRole("region", { name: "People" })).not.toContainText(person);

  await newUser.getByRole("checkbox", { name: `${tenant.name} (${tenant.slug})` }).check();
  await newUser.getByRole("button", { name: "Create user" }).click();
  await expect(newUser.getByRole("status")).toContainText(`Created analyst ${person}`);
  const oneTimePassword = await newUser.getByLabel("One-time password").inputValue();
  await page.screenshot({ path: "e2e/artifacts/admin-users.png", fullPage: true });
  expect(oneTimePassword).toMatch(/^[\w-]{24}$/);
  const row = page.getByRole("region", { name: "People" }).getByRole("row").filter({ hasText: person });
  await expect(row).toContainText("analyst");
  await expect(row).toContainText(tenant.slug);
  await expect(row).toContainText("active");
  // Shown once: the page, opened again, has no trace of it.
  await page.reload();
  await expect(page.getByLabel("One-time password")).toHaveCount(0);
  expect(await page.content()).not.toContain(oneTimePassword);

  // The person signs in with it and must choose their own password before anything else.
  const theirs = await newPage(browser);
  await signedIn(theirs, person, oneTimePassword);
  await theirs.goto(`/t/${tenant.slug}`);
  await expect(theirs).toHaveURL(/\/account$/);
  await expect(theirs.getByRole("main").getByRole("status")).toHaveText("You signed in with a one-time password. Choose your own to continue.");
  const ownPassword = "a password of their very own";
  await theirs.getByLabel("Current password").fill(oneTimePassword);
  await theirs.getByLabel("New password", { exact: true }).fill(ownPassword);
  await theirs.getByLabel("New password again").fill(ownPassword);
  await theirs.getByRole("button", { name: "Change password" }).click();
  await expect(theirs).toHaveURL(/\/$/);
  await theirs.goto(`/t/${tenant.slug}`);
  await expect(theirs.getByRole("heading", { level: 1 })).toHaveText(tenant.name);

  // The admin makes them a viewer; their open session sees it at its next request.
  await row.getByRole("link", { name: person }).click();
  await expect(page.getByRole("heading", { level: 1, name: person })).toBeVisible();
  const access = page.getByRole("region", { name: "Role and tenants" });
  await expect(access.getByRole("checkbox", { name: `${tenant.name} (${tenant.slug})` })).toBeChecked();
  await access.getByRole("combobox", { name: "Role" }).selectOption("viewer");
  await access.getByRole("button", { name: "Save role and tenants" }).click();
  await expect(access.getByRole("status")).toHaveText(`Saved: ${person} is now a viewer of ${tenant.slug}.`);
  await expect(access.getByRole("combobox", { name: "Role" })).toHaveValue("viewer"); // not the role the page opened with
  await theirs.reload();
  await expect(theirs.getByRole("link", { name: `${person} (viewer)` })).toBeVisible();

  // Deactivated, after a second click: signed out at once, and unable to sign in again.
  const deactivate = page.getByRole("region", { name: "Deactivate" });
  await deactivate.getByRole("button", { name: "Deactivate", exact: true }).click();
  await deactivate.getByRole("button", { name: "Yes, deactivate" }).click();
  await expect(deactivate).toContainText("Deactivated 20");
  await theirs.goto("/account");
  await expect(theirs).toHaveURL(/\/sign-in\?next=%2Faccount$/);
  await signIn(theirs, person, ownPassword);
  await expect(mainAlert(theirs)).toHaveText("sign-in: the email or the password is wrong");
  await page.goto("/admin/users");
  await expect(page.getByRole("region", { name: "People" }).getByRole("row").filter({ hasText: person })).toContainText("deactivated");

  // Nobody deactivates themselves.
  await page.getByRole("region", { name: "People" }).getByRole("link", { name: admin }).click();
  await expect(page.getByRole("heading", { level: 1, name: admin })).toBeVisible();
  await deactivate.getByRole("button", { name: "Deactivate", exact: true }).click();
  await deactivate.getByRole("button", { name: "Yes, deactivate" }).click();
  await expect(mainAlert(page)).toHaveText("email: you cannot deactivate yourself; ask another administrator");

  const checks = ownerDatabase();
  try {
    const events = await checks.sql<{ action: string; actor_email: string }[]>`
      SELECT action, actor_email FROM audit_events
      WHERE object_type = 'user' AND object_id = (SELECT id::text FROM users WHERE email = ${person})
        AND action IN ('user.create', 'user.update', 'user.deactivate')
      ORDER BY id`;
    expect(events).toEqual([
      { action: "user.create", actor_email: admin },
      { action: "user.update", actor_email: admin },
      { action: "user.deactivate", actor_email: admin },
    ]);
    const [self] = await checks.sql<{ deactivated_at: Date | null }[]>`SELECT deactivated_at FROM users WHERE email = ${admin}`;
    expect(self?.deactivated_at).toBeNull();
  } finally {
    await checks.close();
  }
  await theirs.context().close();
});

/** Posts alerts from `namespace` to the real ingest API with the cluster's token. */
async function ingest(baseURL: string, token: string, namespace: string, outputs: string[]) {
  const alert = JSON.parse(readFileSync("test/fixtures/falcosidekick-webhook.json", "utf8")) as Record<string, unknown> & {
    output_fields: Record<string, unknown>;
  };
  const alerts = outputs.map((output) => ({ ...alert, uuid: randomUUID(), output, output_fields: { ...alert.output_fields, "k8s.ns.name": namespace } }));
  const answer = await fetch(new URL("/api/v1/ingest", baseURL), {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(alerts),
  });
  expect(answer.status, await answer.text()).toBe(200);
}

test("an admin sees unassigned namespaces, previews patterns live, creates a tenant and gives it a namespace", async ({ page, baseURL }) => {
  test.slow();
  const suffix = uniqueSuffix();
  const admin = await arrangeAdmin(suffix);
  const cluster = `c-${suffix}`;
  const orphan = `orphan-${suffix}`;
  const tenant = { slug: `t-${suffix}`, name: `Tenant ${suffix}` };
  const { db, close } = ownerDatabase();
  let token: string;
  try {
    await createCluster(db, operatorActor, { name: cluster });
    ({ token } = await createIngestToken(db, operatorActor, { clusterName: cluster }));
  } finally {
    await close();
  }
  await ingest(baseURL!, token, orphan, [`first orphan alert ${suffix}`, `second orphan alert ${suffix}`]);

  await signedIn(page, admin, password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tenants" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tenants" })).toBeVisible();
  const unassigned = page.getByRole("region", { name: "Unassigned namespaces" });
  const orphanRow = unassigned.getByRole("row").filter({ hasText: orphan });
  await expect(orphanRow.getByRole("cell")).toHaveText([cluster, orphan, "2", /Assign to tenant/]);

  // The preview follows the patterns as they are typed.
  const newTenant = page.getByRole("region", { name: "New tenant" });
  const patterns = newTenant.getByLabel("Namespace patterns");
  const preview = newTenant.getByRole("region", { name: "Pattern preview" });
  await expect(preview).toContainText("Type patterns to see which namespaces seen so far they would claim.");
  await patterns.pressSequentially(`${cluster}/orphan-*`);
  await expect(preview).toContainText("1 namespace seen so far, with 2 alerts, would belong to this tenant.");
  await expect(preview.getByRole("row").filter({ hasText: orphan }).getByRole("cell")).toHaveText([cluster, orphan, "2", "unassigned"]);
  await page.screenshot({ path: "e2e/artifacts/admin-tenants.png", fullPage: true });
  await patterns.fill(`${cluster}/pay$`);
  await expect(preview).toContainText(`namespaces: "${cluster}/pay$" is not CLUSTER/NAMESPACE`);
  await patterns.fill(`${cluster}/elsewhere`);
  await expect(preview).toContainText("No namespace seen so far would belong to this tenant.");

  await newTenant.getByLabel("Slug").fill(tenant.slug);
  await newTenant.getByLabel("Name", { exact: true }).fill(tenant.name);
  await newTenant.getByRole("button", { name: "Create tenant" }).click();
  await expect(newTenant.getByRole("status")).toHaveText(`Created tenant ${tenant.name} (${tenant.slug}); 0 stored alerts now belong to it.`);
  await expect(patterns).toHaveValue("");
  const tenantRow = page.getByRole("region", { name: "All tenants" }).getByRole("row").filter({ hasText: tenant.slug });
  await expect(tenantRow.getByRole("cell")).toHaveText([tenant.name, tenant.slug, `${cluster}/elsewhere`, "0"]);

  // The same slug again is refused, and what was typed stays.
  await newTenant.getByLabel("Slug").fill(tenant.slug);
  await newTenant.getByLabel("Name", { exact: true }).fill("Another name");
  await patterns.fill(`${cluster}/more`);
  await newTenant.getByRole("button", { name: "Create tenant" }).click();
  await expect(mainAlert(page)).toHaveText(`slug: a tenant "${tenant.slug}" already exists`);
  await expect(newTenant.getByLabel("Name", { exact: true })).toHaveValue("Another name");
  await expect(patterns).toHaveValue(`${cluster}/more`);

  // One click gives the unassigned namespace to the tenant, and its stored alerts go with it.
  await orphanRow.getByRole("combobox", { name: `Tenant for ${cluster}/${orphan}` }).selectOption(tenant.slug);
  await orphanRow.getByRole("button", { name: "Assign to tenant" }).click();
  await expect(unassigned.getByRole("status")).toHaveText(`${cluster}/${orphan} now belongs to ${tenant.name} (${tenant.slug}); 2 stored alerts moved.`);
  await expect(orphanRow).toHaveCount(0);
  await expect(tenantRow.getByRole("cell")).toHaveText([tenant.name, tenant.slug, `${cluster}/elsewhere, ${cluster}/${orphan}`, "2"]);

  await page.goto(`/t/${tenant.slug}`);
  const alerts = page.getByRole("region", { name: "Newest alerts" });
  await expect(alerts).toContainText(`first orphan alert ${suffix}`);
  await expect(alerts).toContainText(`second orphan alert ${suffix}`);

  // Editing the patterns previews against the tenant's place in the claim order.
  await page.goto(`/admin/tenants/${tenant.slug}`);
  const edit = page.getByRole("region", { name: "Namespace patterns" });
  await expect(edit.getByLabel("Namespace patterns")).toHaveValue(`${cluster}/elsewhere, ${cluster}/${orphan}`);
  const editPreview = edit.getByRole("region", { name: "Pattern preview" });
  await expect(editPreview.getByRole("row").filter({ hasText: orphan }).getByRole("cell")).toHaveText([cluster, orphan, "2", "this tenant"]);
  await edit.getByLabel("Namespace patterns").fill(`${cluster}/elsewhere`);
  await expect(editPreview).toContainText(`${cluster}/${orphan}: 2 alerts, becomes unassigned`);
  await page.screenshot({ path: "e2e/artifacts/admin-tenant-patterns.png", fullPage: true });

  const api = page.request;
  const bad = await api.get(`/api/v1/admin/tenant-preview?namespaces=${encodeURIComponent("prod/pay$")}`);
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toMatch(/^namespaces: "prod\/pay\$" is not CLUSTER\/NAMESPACE/);
  const missing = await api.get("/api/v1/admin/tenant-preview");
  expect(missing.status()).toBe(400);
  expect(await missing.json()).toEqual({ error: "namespaces: required: CLUSTER/NAMESPACE patterns, comma-separated" });
  const good = await api.get(`/api/v1/admin/tenant-preview?tenant=${tenant.slug}&namespaces=${encodeURIComponent(`${cluster}/*`)}`);
  expect(((await good.json()) as { claimed: unknown[] }).claimed).toEqual([{ cluster, namespace: orphan, alertCount: 2, tenant: tenant.slug }]);
});
