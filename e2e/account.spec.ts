import { randomInt } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ownerDatabase, password } from "@/e2e/helpers/arrange";
import { signedIn } from "@/e2e/helpers/sign-in";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createUser } from "@/lib/users/users";

const suffix = `${Date.now()}-${randomInt(1_000_000)}`;
const email = `scripter-${suffix}@example.com`;
const admin = `tokens-admin-${suffix}@example.com`;
const leaker = `leaker-${suffix}@example.com`;

test.beforeAll(async () => {
  const { db, close } = ownerDatabase();
  try {
    await createUser(db, operatorActor, { email, role: "viewer", allTenants: true, password });
    await createUser(db, operatorActor, { email: admin, role: "admin", password });
    await createUser(db, operatorActor, { email: leaker, role: "viewer", allTenants: true, password });
  } finally {
    await close();
  }
});

test("a person makes a personal API token, sees it once, uses it, and revokes it", async ({ page, browser, playwright, baseURL }) => {
  await signedIn(page, email);
  await page.goto("/account");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await expect(tokens).toContainText("No API token yet.");
  await tokens.getByLabel("Label", { exact: true }).fill("nightly-export");
  await tokens.getByRole("button", { name: "Create API token" }).click();
  const shown = page.getByRole("region", { name: "New API token" });
  const token = (await shown.getByRole("code").first().textContent()) ?? "";
  expect(token).toMatch(/^fry_api_/);

  // A script: no cookie, only the token.
  const script = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const me = await script.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email, role: "viewer", tenants: "all" });

  // The token drives the API, never the forms: a leaked one cannot mint more.
  const countTokens = async () => {
    const { sql, close } = ownerDatabase();
    try {
      const [row] = await sql`SELECT count(*)::int AS n FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = ${email}`;
      return row!.n as number;
    } finally {
      await close();
    }
  };
  const asToken = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const tokenPage = await asToken.newPage();
  await tokenPage.goto("/account");
  await tokenPage.getByRole("region", { name: "API tokens" }).getByLabel("Label", { exact: true }).fill("minted-by-a-token");
  await tokenPage.getByRole("button", { name: "Create API token" }).click();
  await expect(tokenPage.getByRole("main").getByRole("alert")).toHaveText("authorization: forms need a signed-in session; scripts use the API");
  await asToken.close();
  expect(await countTokens()).toBe(1);

  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);
  const row = tokens.getByRole("row", { name: /nightly-export/ });
  await expect(row).toContainText(token.slice(-4));
  await expect(row).not.toContainText("never");
  await row.getByText("Revoke", { exact: true }).click();
  await row.getByRole("button", { name: `Revoke token …${token.slice(-4)}` }).click();
  await expect(row).toContainText("revoked");
  expect((await script.get("/api/v1/me")).status()).toBe(401);
  await script.dispose();

  const { sql, close } = ownerDatabase();
  try {
    const audited = await sql`SELECT action FROM audit_events WHERE actor_email = ${email} AND action LIKE 'api-token.%' ORDER BY id`;
    expect(audited.map((row) => row.action)).toEqual(["api-token.create", "api-token.revoke"]);
  } finally {
    await close();
  }
});

test("an administrator revokes someone's leaked API token from their page", async ({ page, playwright, baseURL }) => {
  const { db, close } = ownerDatabase();
  let token: string;
  let userId: string;
  try {
    ({ token } = await createApiToken(db, operatorActor, { email: leaker, label: "leaked" }));
    userId = (await db.user.findUniqueOrThrow({ where: { email: leaker } })).id;
  } finally {
    await close();
  }
  const script = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  expect((await script.get("/api/v1/me")).status()).toBe(200);

  await signedIn(page, admin);
  await page.goto(`/admin/users/${userId}`);
  const row = page.getByRole("region", { name: "API tokens" }).getByRole("row", { name: /leaked/ });
  await row.getByText("Revoke", { exact: true }).click();
  await row.getByRole("button", { name: `Revoke token …${token.slice(-4)}` }).click();
  await expect(row).toContainText("revoked");
  expect((await script.get("/api/v1/me")).status()).toBe(401);
  await script.dispose();
});

test("someone already signed in who opens a sign-in link goes on to where it was going, and never off the site", async ({ page }) => {
  await signedIn(page, email);
  await page.goto("/sign-in?next=%2Faccount");
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/sign-in?next=%2F%2Fevil.example%2F");
  await expect(page).toHaveURL(/^http:\/\/(localhost|127\.0\.0\.1):\d+\/$/);
});
