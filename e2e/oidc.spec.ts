import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { ownerDatabase } from "@/e2e/helpers/arrange";
import { startOwnFalconry, type OwnFalconry } from "@/e2e/helpers/own-falconry";
import { operatorActor } from "@/lib/audit/audit";
import { createUser, deactivateUser } from "@/lib/users/users";
import { freePort } from "@/test/helpers/free-port";
import { startOidcProvider, type OidcProvider } from "@/test/helpers/oidc-provider";

/*
 * OpenID Connect sign-in against a provider started here (test/helpers/oidc-provider.ts), with a
 * Falconry of its own configured for it: the shared one has no FALCONRY_OIDC_* settings.
 */
test.describe.configure({ mode: "serial" });

const ssoName = "Example Corp SSO";
const people = { known: "sso-analyst@example.com", unknown: "stranger@example.com", deactivated: "sso-former@example.com", unverified: "sso-unverified@example.com" };

let provider: OidcProvider;
let falconry: OwnFalconry;
let origin: string;

test.beforeAll(async () => {
  // The first start of the run may have to wait for the build.
  test.setTimeout(240_000);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const client = { clientId: "falconry-e2e", clientSecret: randomBytes(24).toString("base64url") };
  provider = await startOidcProvider({ ...client, redirectUri: `${origin}/api/auth/callback/oidc` });
  falconry = await startOwnFalconry({
    PORT: String(port),
    // The redirect address registered at the provider, so the one Falconry must send.
    FALCONRY_PUBLIC_URL: origin,
    FALCONRY_OIDC_ISSUER: provider.issuer,
    FALCONRY_OIDC_CLIENT_ID: client.clientId,
    FALCONRY_OIDC_CLIENT_SECRET: client.clientSecret,
    FALCONRY_OIDC_NAME: ssoName,
  });
  const { db, close } = ownerDatabase(falconry.databaseUrl);
  try {
    for (const email of [people.known, people.deactivated, people.unverified]) {
      await createUser(db, operatorActor, { email, role: "analyst", password: "a password nobody uses here" });
    }
    await deactivateUser(db, operatorActor, { email: people.deactivated });
  } finally {
    await close();
  }
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus || !falconry) return;
  const log = `${falconry.process.stdout()}\n${falconry.process.stderr()}`;
  console.error(`Falconry (OpenID Connect) said:\n${log}`);
  await testInfo.attach("falconry.log", { body: log, contentType: "text/plain" });
});

test.afterAll(async () => {
  if (falconry) {
    await falconry.process.interrupt();
    await mkdir("e2e/artifacts", { recursive: true });
    await writeFile("e2e/artifacts/falconry-oidc.log", `${falconry.process.stdout()}\n${falconry.process.stderr()}`);
    await falconry.stop();
  }
  await provider?.close();
});

async function signInWithSso(page: Page, email: string, options: { emailVerified?: boolean } = {}) {
  provider.signInAs({ email, ...options });
  const signInPage = `${origin}/sign-in`;
  await page.goto(signInPage);
  await page.getByRole("button", { name: `Sign in with ${ssoName}` }).click();
  // The round trip crosses the provider and Falconry's callback, both cold on the first sign-in: on
  // CI's two shared cores it once took longer than an assertion's 5 s. The page it ends on is
  // what the tests judge, so only getting there waits longer.
  await page.waitForURL((url) => url.origin === origin && url.href !== signInPage && !url.pathname.startsWith("/api/auth/"), { timeout: 30_000 });
}

async function inDatabase<T>(query: (database: ReturnType<typeof ownerDatabase>) => Promise<T>): Promise<T> {
  const database = ownerDatabase(falconry.databaseUrl);
  try {
    return await query(database);
  } finally {
    await database.close();
  }
}

test("without FALCONRY_OIDC_* settings the sign-in page offers no single sign-on", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Sign in with / })).toHaveCount(0);
});

test("a person who has an account signs in with single sign-on, and it is audited", async ({ page }) => {
  await signInWithSso(page, people.known);
  await expect(page.getByRole("link", { name: `${people.known} (analyst)` })).toBeVisible();
  await expect(page).toHaveURL(`${origin}/`);

  const rows = await inDatabase(
    ({ sql }) => sql<{ action: string; object_id: string; user_id: string }[]>`
      SELECT a.action, a.object_id, u.id AS user_id FROM audit_events a JOIN users u ON u.email = a.actor_email
      WHERE a.actor_email = ${people.known} AND a.action = 'sign-in.oidc'`,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]!.object_id).toBe(rows[0]!.user_id);
});

test("it works before any script runs: the page policy lets the form go on to the provider", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await signInWithSso(page, people.known);
    await expect(page.getByRole("link", { name: `${people.known} (analyst)` })).toBeVisible();
    expect(violations).toEqual([]);
  } finally {
    await context.close();
  }
});

test("an email Falconry has no account for is refused, and no account is made", async ({ page }) => {
  await signInWithSso(page, people.unknown);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Single sign-on did not sign you in: Falconry has no account for that email. Ask an administrator to create one.",
  );
  await expect(page.getByRole("link", { name: new RegExp(people.unknown) })).toHaveCount(0);

  const found = await inDatabase(({ sql }) => sql`SELECT id FROM users WHERE email = ${people.unknown}`);
  expect(found).toHaveLength(0);
});

test("an email the provider has not verified does not sign in the person Falconry knows by it", async ({ page }) => {
  await signInWithSso(page, people.unverified, { emailVerified: false });
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Single sign-on did not sign you in: the provider has not verified your email.");
  await expect(page.getByRole("link", { name: new RegExp(people.unverified) })).toHaveCount(0);
  const linked = await inDatabase(({ sql }) => sql`SELECT a.id FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email = ${people.unverified} AND a.provider_id = 'oidc'`);
  expect(linked).toHaveLength(0);
});

test("a deactivated person is refused", async ({ page }) => {
  await signInWithSso(page, people.deactivated);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Single sign-on did not sign you in: your Falconry account is deactivated.");
  await page.goto(`${origin}/account`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount$/);

  const sessions = await inDatabase(
    ({ sql }) => sql`SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ${people.deactivated}`,
  );
  expect(sessions).toHaveLength(0);
  const refusals = await inDatabase(({ sql }) => sql`SELECT action FROM audit_events WHERE actor_email = ${people.deactivated} AND action LIKE 'sign-in%'`);
  expect(refusals.map((row) => row.action)).toEqual(["sign-in.failure"]);
});
