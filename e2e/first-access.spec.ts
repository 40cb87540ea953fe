import { expect, test } from "@playwright/test";
import { startOwnFalconry, type OwnFalconry } from "@/e2e/helpers/own-falconry";
import { freePort } from "@/test/helpers/free-port";

/*
 * First access is a property of a Falconry without an administrator: these run on one of their own
 * (other specs make administrators in the shared one), in order, since the first creates one.
 */
test.describe.configure({ mode: "serial" });

const admin = { email: "first-admin@example.com", password: "a long administrator password" };
let falconry: OwnFalconry;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  falconry = await startOwnFalconry({ PORT: String(port) });
});

test.afterAll(async () => {
  await falconry?.stop();
});

function setupPath(): string {
  const url = new URL(falconry.setupUrl);
  return url.pathname + url.search;
}

test("the home page explains first access and how to connect a cluster", async ({ page }) => {
  await page.goto(`${origin}/`);
  await expect(page.getByRole("heading", { level: 1, name: "Falconry" })).toBeVisible();
  const firstAccess = page.getByRole("region", { name: "First access" });
  await expect(firstAccess).toContainText("No administrator exists yet");
  await expect(firstAccess).toContainText("/setup?token=");
  await expect(page.getByRole("region", { name: "Connect a cluster" })).toContainText("tokens create --cluster prod-eu-1");
  await page.screenshot({ path: "e2e/artifacts/home.png", fullPage: true });
});

test("a guessed setup link is refused", async ({ page }) => {
  await page.goto(`${origin}/setup?token=guessed`);
  await expect(page.getByRole("heading", { name: "This setup link does not work" })).toBeVisible();
  await expect(page.getByText("Restart Falconry to print a fresh link")).toBeVisible();
});

test("the setup link printed at start creates the first administrator, once, and signs them in", async ({ page }) => {
  await page.goto(origin + setupPath());
  await expect(page.getByRole("heading", { name: "Create the first administrator" })).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByLabel("Password again").fill(admin.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByRole("link", { name: `${admin.email} (admin)` })).toBeVisible();

  await page.goto(origin + setupPath());
  await expect(page.getByRole("heading", { name: "Setup is done" })).toBeVisible();
  await page.goto(`${origin}/`);
  await expect(page.getByRole("region", { name: "First access" })).toHaveCount(0);
});
