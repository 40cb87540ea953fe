import { randomInt } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ownerDatabase, password } from "@/e2e/helpers/arrange";
import { signedIn } from "@/e2e/helpers/sign-in";
import { operatorActor } from "@/lib/audit/audit";
import { createUser } from "@/lib/users/users";

/*
 * The admin pages do not exist for anyone else, but their forms' actions are reachable by anyone
 * who posts them by hand (their ids are no secret). Each action must refuse on its own.
 */

const suffix = `${Date.now()}-${randomInt(1_000_000)}`;
const admin = `forms-admin-${suffix}@example.com`;
const analyst = `forms-analyst-${suffix}@example.com`;

test.beforeAll(async () => {
  const { db, close } = ownerDatabase();
  try {
    await createUser(db, operatorActor, { email: admin, role: "admin", password });
    await createUser(db, operatorActor, { email: analyst, role: "analyst", allTenants: true, password });
  } finally {
    await close();
  }
});

async function userExists(email: string): Promise<boolean> {
  const { sql, close } = ownerDatabase();
  try {
    return (await sql`SELECT 1 FROM users WHERE email = ${email}`).length > 0;
  } finally {
    await close();
  }
}

test("an analyst posting the create-user form by hand creates nobody; the same post by an admin does", async ({ browser, baseURL }) => {
  const adminPage = await (await browser.newContext()).newPage();
  await signedIn(adminPage, admin);
  await adminPage.goto("/admin/users");
  // What the browser would send without JavaScript: the form's hidden fields name its action.
  const hidden = await adminPage
    .locator("form", { has: adminPage.getByRole("button", { name: "Create user" }) })
    .locator('input[type="hidden"]')
    .evaluateAll((inputs) => inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value] as const));
  expect(hidden.some(([name]) => name.startsWith("$ACTION_"))).toBe(true);

  const post = (request: APIRequestContext, email: string) =>
    request.post("/admin/users", {
      headers: { Origin: baseURL! },
      multipart: { ...Object.fromEntries(hidden), email, role: "admin", scope: "all" },
      maxRedirects: 0,
    });

  const analystPage = await (await browser.newContext()).newPage();
  await signedIn(analystPage, analyst);
  const refused = await post(analystPage.request, `smuggled-${suffix}@example.com`);
  // refused by the action for the analyst's role (then answered with the page that does not exist)
  expect(await refused.text()).toContain("role: analysts may not do this");
  expect(await userExists(`smuggled-${suffix}@example.com`)).toBe(false);

  await post(adminPage.request, `made-by-hand-${suffix}@example.com`);
  expect(await userExists(`made-by-hand-${suffix}@example.com`), "the hand-made post works for an admin").toBe(true);
});
