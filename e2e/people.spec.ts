import { expect, test, type Page } from "@playwright/test";
import { arrangeTenants, ownerDatabase, password } from "@/e2e/helpers/arrange";
import { signIn, signedIn } from "@/e2e/helpers/sign-in";
import { operatorActor } from "@/lib/audit/audit";
import { createUser } from "@/lib/users/users";
import { everyone, fingerprintTenantState, tenantScopedRoutes, type Who } from "@/test/helpers/tenant-scoped-routes";

// One administrator signs in and out in turn: these run in order.
test.describe.configure({ mode: "serial" });

const admin = { email: `people-admin-${Date.now()}@example.com`, password };

test.beforeAll(async () => {
  const { db, close } = ownerDatabase();
  try {
    await createUser(db, operatorActor, { email: admin.email, role: "admin", password: admin.password });
  } finally {
    await close();
  }
});

test("signing out ends the session on the server, not just in the browser", async ({ page, browser }) => {
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("link", { name: `${admin.email} (admin)` })).toBeVisible();
  const cookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // The old cookie, replayed from elsewhere, no longer opens anything.
  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayed = await replay.newPage();
  await replayed.goto("/account");
  await expect(replayed).toHaveURL(/\/sign-in\?next=%2Faccount$/);
  await replay.close();
});

test("a wrong password is refused without saying which part was wrong; sign-in is audited", async ({ page }) => {
  await signIn(page, admin.email, "not the password at all");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("sign-in: the email or the password is wrong");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(admin.email); // kept, for the password to be typed again
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("link", { name: `${admin.email} (admin)` })).toBeVisible();

  const { sql, close } = ownerDatabase();
  try {
    const actions = await sql<{ action: string }[]>`
      SELECT action FROM audit_events WHERE actor_email = ${admin.email} ORDER BY id DESC LIMIT 2`;
    expect(actions.map((a) => a.action)).toEqual(["sign-in", "sign-in.failure"]);
  } finally {
    await close();
  }
});

test("an idle session expires: the next page asks to sign in again", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("link", { name: `${admin.email} (admin)` })).toBeVisible();
  const { sql, close } = ownerDatabase();
  try {
    // As if the last request had been two hours ago (the idle timeout is 60 minutes).
    await sql`UPDATE sessions SET updated_at = now() - interval '2 hours'
      WHERE user_id = (SELECT id FROM users WHERE email = ${admin.email})`;
  } finally {
    await close();
  }
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount$/);
});

test.describe("tenant users", () => {
  let arranged: Awaited<ReturnType<typeof arrangeTenants>>;

  test.beforeAll(async ({ baseURL }) => {
    arranged = await arrangeTenants(baseURL!, String(Date.now()));
  });

  test("see their tenant, and another tenant's page and API exactly as if it did not exist", async ({ page }) => {
    await signedIn(page, arranged.users.a, password);
    await page.goto(`/t/${arranged.slugs.a}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Alpha /);
    await expect(page.getByRole("region", { name: "Newest alerts" })).toContainText("Terminal shell in container");
    await expect(page.getByRole("region", { name: "Newest alerts" })).not.toContainText("a quiet alert of team b");

    const other = await page.goto(`/t/${arranged.slugs.b}`);
    expect(other?.status()).toBe(404);
    const missing = await page.goto("/t/no-such-tenant");
    expect(missing?.status()).toBe(404);

    const api = page.request;
    expect((await api.get(`/api/v1/tenants/${arranged.slugs.b}/alerts`)).status()).toBe(404);
    const own = await api.get(`/api/v1/tenants/${arranged.slugs.a}/alerts`);
    expect(own.status()).toBe(200);
    expect(((await own.json()) as { items: unknown[] }).items).toHaveLength(1);
    const tenants = (await (await api.get("/api/v1/tenants")).json()) as { items: Array<{ slug: string }> };
    expect(tenants.items.map((t) => t.slug)).toEqual([arranged.slugs.a]);
  });

  test("see attacker-controlled alert text as inert text: no script runs, no policy is violated", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await recordPolicyViolations(page);
    await signedIn(page, arranged.users.a, password);
    await page.goto(`/t/${arranged.slugs.a}`);
    const alerts = page.getByRole("region", { name: "Newest alerts" });
    await expect(alerts).toContainText("k8s_pod_name=<script>alert(1)</script>");
    await expect(alerts).toContainText("<img src=x onerror=alert(document.cookie)>");
    await expect(page.locator("img")).toHaveCount(0);
    await page.screenshot({ path: "e2e/artifacts/hostile-alert.png", fullPage: true });
    expect(dialogs).toEqual([]);
    expect(await policyViolations(page)).toEqual([]);
  });

  test("get pages whose policy runs inline scripts only with its nonce: an injected one is refused", async ({ page }) => {
    await recordPolicyViolations(page);
    await signedIn(page, arranged.users.a, password);
    const response = await page.goto(`/t/${arranged.slugs.a}`);
    const policy = response?.headers()["content-security-policy"] ?? "";
    expect(policy).toMatch(/(^|; )script-src [^;]*'nonce-[A-Za-z0-9+/=]{22,}'/);
    expect(policy).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(policy).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);

    // What an injection into the page would do: a script element, without the nonce, then with it.
    const outcome = await page.evaluate(async () => {
      const ran: string[] = [];
      const violations: string[] = [];
      document.addEventListener("securitypolicyviolation", (event) => violations.push(event.effectiveDirective));
      (window as unknown as { markRan: (what: string) => void }).markRan = (what) => ran.push(what);
      const inject = (what: string, nonce?: string) => {
        const script = document.createElement("script");
        if (nonce) script.nonce = nonce;
        script.textContent = `window.markRan(${JSON.stringify(what)})`;
        document.body.append(script);
      };
      inject("without the nonce");
      // the event is dispatched as a task after the refusal
      await new Promise((resolve) => setTimeout(resolve, 500));
      inject("with the nonce", document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce);
      return { ran, violations };
    });
    expect(outcome).toEqual({ ran: ["with the nonce"], violations: ["script-src-elem"] });
    // which the recorder the other tests rely on saw too
    expect(await policyViolations(page)).toEqual(["script-src-elem: inline"]);
  });

  test("hold the isolation matrix with session cookies, as with API tokens", async ({ browser, baseURL }) => {
    // every route and page for five people, one after another: on a busy machine this outgrows the default
    test.slow();
    const emails: Record<Who, string | null> = {
      ownAnalyst: arranged.users.a,
      otherAnalyst: arranged.users.b,
      ownViewer: arranged.users.viewerA,
      admin: admin.email,
      anonymous: null,
    };
    const target = { slug: arranged.slugs.a, cluster: arranged.cluster, group: arranged.groupA, suppression: arranged.suppressionA };
    const { sql, close } = ownerDatabase();
    try {
      const state = () => fingerprintTenantState(sql, { tenantIds: arranged.tenantIds });
      for (const who of everyone) {
        const context = await browser.newContext();
        try {
          const email = emails[who];
          if (email) await signedIn(await context.newPage(), email, email === admin.email ? admin.password : password);
          for (const route of tenantScopedRoutes) {
            const before = await state();
            const response = await context.request.fetch(route.path(target), {
              method: route.method,
              // a browser names the origin of every change it sends
              headers: { Origin: baseURL! },
              data: route.body?.(target),
              maxRedirects: 0,
            });
            expect(response.status(), `${route.method} ${route.name} as ${who}`).toBe(route.expected[who]);
            if (response.status() >= 300) expect(await state(), `${route.method} ${route.name} as ${who} changed nothing`).toBe(before);
            if (route.restore && response.status() === 200) {
              const restored = await context.request.fetch(route.path(target), { method: route.method, headers: { Origin: baseURL! }, data: route.restore(target) });
              expect(restored.status()).toBe(200);
            }
          }
        } finally {
          await context.close();
        }
      }
    } finally {
      await close();
    }
  });

  test("cannot be made to change anything from another site", async ({ page, baseURL }) => {
    await signedIn(page, admin.email, admin.password);
    const path = `/api/v1/tenants/${arranged.slugs.a}`;
    const namespaces = async () => ((await (await page.request.get(path)).json()) as { namespaces: string[] }).namespaces;
    const original = await namespaces();
    const data = { namespaces: `${arranged.cluster}/team-a,*/cross-site-probe` };

    const forged = await page.request.patch(path, { data, headers: { Origin: "https://evil.example" } });
    expect(forged.status()).toBe(403);
    const crossSite = await page.request.patch(path, { data, headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(crossSite.status()).toBe(403);
    const withoutOrigin = await page.request.patch(path, { data });
    expect(withoutOrigin.status()).toBe(403);
    expect(await namespaces()).toEqual(original);

    // The same change from this site goes through: the refusals above were for where they came from.
    const sameSite = await page.request.patch(path, { data, headers: { Origin: baseURL! } });
    expect(sameSite.status()).toBe(200);
    expect(await namespaces()).toContain("*/cross-site-probe");
    const restored = await page.request.patch(path, { data: { namespaces: original.join(",") }, headers: { Origin: baseURL! } });
    expect(restored.status()).toBe(200);
    expect(await namespaces()).toEqual(original);
  });

  test("cannot have a server action run from another site", async ({ page, baseURL }) => {
    await signedIn(page, admin.email, admin.password);
    // The sign-out button in the header is a server action: running it would end this session.
    const html = await (await page.request.get("/account")).text();
    const signOutAction = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(html)?.[1];
    expect(signOutAction, "the page holds the sign-out action's id").toBeTruthy();
    const me = async () => (await page.request.get("/api/v1/me")).status();
    const callAction = (headers: Record<string, string>) =>
      page.request.post("/account", { headers: { "Next-Action": signOutAction!, "Content-Type": "text/plain;charset=UTF-8", ...headers }, data: "[]", maxRedirects: 0 });

    const forged = await callAction({ Origin: "https://evil.example" });
    expect(forged.status()).toBe(403);
    expect(await forged.json()).toEqual({ error: "origin: requests from https://evil.example are refused" });
    const crossSite = await callAction({ Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" });
    expect(crossSite.status()).toBe(403);
    expect(await me()).toBe(200);

    // The same call from this site runs the action: the session ends.
    const sameSite = await callAction({ Origin: baseURL! });
    expect(sameSite.status()).toBeLessThan(400);
    expect(await me()).toBe(401);
  });
});

/** Collects every Content-Security-Policy violation in the page, from before its first script. */
async function recordPolicyViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { policyViolations: string[] }).policyViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.effectiveDirective}: ${event.blockedURI}`));
  });
}

async function policyViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { policyViolations?: string[] }).policyViolations ?? ["the recorder did not run"]);
}
