import { expect, test } from "@playwright/test";

test("the home page explains first access and how to connect a cluster", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Falconry" })).toBeVisible();
  const firstAccess = page.getByRole("region", { name: "First access" });
  await expect(firstAccess).toContainText("No administrator exists yet");
  await expect(firstAccess).toContainText("/setup?token=");
  await expect(page.getByRole("region", { name: "Connect a cluster" })).toContainText("tokens create --cluster prod-eu-1");
  await page.screenshot({ path: "e2e/artifacts/home.png", fullPage: true });
});

test("the one-time setup link printed at start opens the setup page", async ({ page }) => {
  const setupUrl = process.env.FALCONRY_E2E_SETUP_URL;
  expect(setupUrl, "global setup read the link from the console").toBeTruthy();
  await page.goto(new URL(setupUrl!).pathname + new URL(setupUrl!).search);
  await expect(page.getByRole("heading", { name: "Create the first administrator" })).toBeVisible();
});

test("a guessed setup link is refused", async ({ page }) => {
  await page.goto("/setup?token=guessed");
  await expect(page.getByRole("heading", { name: "This setup link does not work" })).toBeVisible();
  await expect(page.getByText("Restart Falconry to print a fresh link")).toBeVisible();
});
