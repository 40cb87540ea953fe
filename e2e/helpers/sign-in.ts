import { expect, type Page } from "@playwright/test";
import { password } from "@/e2e/helpers/arrange";

/** Fills in and sends the sign-in form; says nothing of how it went. */
export async function signIn(page: Page, email: string, secret = password) {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(secret);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the header names the person. */
export async function signedIn(page: Page, email: string, secret = password) {
  await signIn(page, email, secret);
  await expect(page.getByRole("link", { name: new RegExp(`^${email.replace(/[.+]/g, "\\$&")} \\(`) })).toBeVisible();
}
