import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ownerDatabase, password } from "@/e2e/helpers/arrange";
import { signedIn } from "@/e2e/helpers/sign-in";
import { operatorActor } from "@/lib/audit/audit";
import { createUser } from "@/lib/users/users";

// One admin walks through a token's life, then reads it back in the audit trail: these run in order.
test.describe.configure({ mode: "serial" });

const suffix = `${Date.now()}-${randomInt(1_000_000)}`;
const admin = `clusters-admin-${suffix}@example.com`;
const analyst = `clusters-analyst-${suffix}@example.com`;
const clusterName = `e2e-${suffix}`;
// Labels are free text that reach the audit trail too: both pages must show it as text.
const label = "falcosidekick <img src=x onerror=alert(1)>";
const sidekickAlert = readFileSync("test/fixtures/falcosidekick-webhook.json", "utf8");
const falcoAlert = readFileSync("test/fixtures/falco-http-output.json", "utf8");
/** The last four characters of the token the second test creates, for the audit trail's check. */
let tokenHint = "";

test.beforeAll(async () => {
  const { db, close } = ownerDatabase();
  try {
    await createUser(db, operatorActor, { email: admin, role: "admin", password });
    await createUser(db, operatorActor, { email: analyst, role: "analyst", allTenants: true, password });
  } finally {
    await close();
  }
});

test("an analyst finds no admin pages there", async ({ page }) => {
  await signedIn(page, analyst);
  for (const path of ["/admin/clusters", "/admin/audit"]) {
    const answer = await page.goto(path);
    expect(answer?.status()).toBe(404);
    await expect(page.getByText("This page could not be found.")).toBeVisible();
  }
  await expect(page.getByRole("link", { name: "Clusters", exact: true })).toHaveCount(0);
});

test("an admin creates a cluster and a token, sees it once with its senders' configuration, and revokes it", async ({ page, request, baseURL }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signedIn(page, admin);
  await page.goto("/admin/clusters");
  const newCluster = page.getByRole("region", { name: "New cluster" });
  await newCluster.getByLabel("Cluster name").fill(clusterName);
  await newCluster.getByRole("button", { name: "Create cluster" }).click();
  const cluster = page.getByRole("region", { name: clusterName, exact: true });
  await expect(cluster).toContainText("No ingest token yet");

  // The same name again: refused, with the field named, and nothing added.
  await newCluster.getByLabel("Cluster name").fill(clusterName);
  await newCluster.getByRole("button", { name: "Create cluster" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(`name: a cluster named "${clusterName}" already exists`);
  await expect(page.getByRole("region", { name: clusterName, exact: true })).toHaveCount(1);

  await cluster.getByLabel("Label", { exact: true }).fill(label);
  await cluster.getByRole("button", { name: "Create token" }).click();
  const shown = cluster.getByRole("region", { name: "New ingest token" });
  await expect(shown).toBeVisible();
  const token = /fry_ingest_[A-Za-z0-9_-]{43}/.exec((await shown.textContent()) ?? "")?.[0];
  expect(token, "the new token is on the page").toBeTruthy();
  tokenHint = token!.slice(-4);
  await expect(shown.getByRole("region", { name: "Falcosidekick" })).toContainText(
    `address: "${baseURL}/api/v1/ingest"\n  customHeaders:\n    Authorization: "Bearer ${token}"`,
  );
  await expect(shown.getByRole("region", { name: "Falco's own http_output" })).toContainText(`url: "${baseURL}/api/v1/ingest/${token}"`);
  await expect(shown.getByRole("region", { name: "Fluent Bit" })).toContainText(`Header            Authorization Bearer ${token}`);
  await page.screenshot({ path: "e2e/artifacts/admin-clusters-new-token.png", fullPage: true });

  const row = cluster.getByRole("row", { name: /falcosidekick/ });
  await expect(row).toContainText(label);
  await expect(row).toContainText(`…${tokenHint}`);
  await expect(row).toContainText("never");
  await expect(row).toContainText("active");

  // The token works, in both forms the snippets use.
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const viaHeader = await request.post("/api/v1/ingest", { headers, data: sidekickAlert });
  expect(viaHeader.status(), await viaHeader.text()).toBe(200);
  const viaPath = await request.post(`/api/v1/ingest/${token}`, { headers: { "Content-Type": "application/json" }, data: falcoAlert });
  expect(viaPath.status(), await viaPath.text()).toBe(200);

  // Its use is recorded off the request's path; and once the page is reloaded the token is gone for good.
  await expect(async () => {
    await page.reload();
    await expect(row).not.toContainText("never", { timeout: 1_000 });
  }).toPass();
  await expect(cluster.getByRole("region", { name: "New ingest token" })).toHaveCount(0);
  await expect(page.getByRole("main")).not.toContainText(token!);

  await row.getByText("Revoke", { exact: true }).click();
  await row.getByRole("button", { name: `Revoke token …${tokenHint}` }).click();
  await expect(row).toContainText("revoked");
  await expect(row.getByText("Revoke", { exact: true })).toHaveCount(0);
  await expect
    .poll(async () => (await request.post("/api/v1/ingest", { headers, data: sidekickAlert })).status(), { message: "the revoked token is refused" })
    .toBe(401);

  await expect(page.locator("main img")).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test("the audit trail lists those changes, filters by the URL and pages to older events", async ({ page }) => {
  await signedIn(page, admin);
  const actor = encodeURIComponent(admin);
  await page.goto(`/admin/audit?actor=${actor}`);
  const events = page.getByRole("region", { name: "Events" });
  for (const action of ["cluster.create", "ingest-token.create", "ingest-token.revoke", "sign-in"]) {
    await expect(events.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  const created = events.getByRole("row").filter({ has: page.getByRole("cell", { name: "ingest-token.create", exact: true }) });
  // jsonb keeps its own key order: check the pairs, not the whole object.
  await expect(created).toContainText("after: {");
  for (const [key, value] of Object.entries({ cluster: clusterName, label, hint: tokenHint })) {
    await expect(created).toContainText(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  await expect(created).toContainText(admin);
  await expect(page.locator("main img")).toHaveCount(0);

  const filters = page.getByRole("region", { name: "Filters" });
  await filters.getByLabel("Action starts with").fill("ingest-token.");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]action=ingest-token\.(&|$)/);
  await expect(filters.getByLabel("Actor email contains")).toHaveValue(admin);
  await expect(events.getByRole("cell", { name: "cluster.create", exact: true })).toHaveCount(0);
  await expect(events.getByRole("cell", { name: /^ingest-token\./ })).toHaveCount(2);

  // One event a page: newest first, then "Older" to the one before it, and no further.
  await page.goto(`/admin/audit?actor=${actor}&action=ingest-token.&limit=1`);
  await expect(events.getByRole("cell", { name: /^ingest-token\./ })).toHaveText(["ingest-token.revoke"]);
  await events.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(/[?&]before=\d+(&|$)/);
  await expect(events.getByRole("cell", { name: /^ingest-token\./ })).toHaveText(["ingest-token.create"]);
  await expect(events.getByRole("link", { name: "Older" })).toHaveCount(0);
  await expect(events.getByRole("link", { name: "Newest" })).toBeVisible();
  await page.screenshot({ path: "e2e/artifacts/admin-audit.png", fullPage: true });
});

test("bad audit query values get a clear message, not a crash", async ({ page }) => {
  await signedIn(page, admin);
  const bad = await page.goto("/admin/audit?before=abc");
  expect(bad?.status()).toBe(200);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("before: not an event id");
  await page.goto("/admin/audit?limit=0&before=12");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("limit: a whole number from 1 to 500");
  await page.getByRole("link", { name: "Show the newest events" }).click();
  await expect(page.getByRole("region", { name: "Events" }).getByRole("table")).toBeVisible();
});
