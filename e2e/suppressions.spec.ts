import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { arrangeTeam, ownerDatabase, password } from "@/e2e/helpers/arrange";
import { signedIn } from "@/e2e/helpers/sign-in";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createUser } from "@/lib/users/users";

/*
 * The suppression screens, driven as an analyst and a viewer would, on alerts sent through the real
 * ingest API. Other specs share this Falconry, so each test arranges a tenant, people and rules of
 * its own, named with a suffix of its own.
 */

interface Arranged {
  suffix: string;
  slug: string;
  token: string;
  analyst: string;
  viewer: string;
  /** Two alerts of one group. */
  noisy: string;
  /** One alert of another group, in the same namespace. */
  other: string;
}

const namespace = "payments";
const fixture = JSON.parse(readFileSync("test/fixtures/falcosidekick-webhook.json", "utf8")) as Record<string, unknown> & {
  output_fields: Record<string, unknown>;
};

/** Posts one alert per rule to the real ingest API, each a new delivery, timed now. */
async function ingest(baseURL: string, arranged: Arranged, rules: string[]) {
  const body = rules.map((rule) => ({
    ...fixture,
    uuid: randomUUID(),
    time: new Date().toISOString(),
    rule,
    priority: "Warning",
    output: `Warning ${rule} | user=www-data`,
    output_fields: { ...fixture.output_fields, "k8s.ns.name": namespace },
  }));
  const answer = await fetch(new URL("/api/v1/ingest", baseURL), {
    method: "POST",
    headers: { Authorization: `Bearer ${arranged.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(answer.status, await answer.text()).toBe(200);
}

async function arrange(baseURL: string): Promise<Arranged> {
  const { suffix, slug, token, analyst, viewer } = await arrangeTeam("supp", namespace);
  const arranged = { suffix, slug, token, analyst, viewer, noisy: `Noisy cron job ${suffix}`, other: `Other rule ${suffix}` };
  await ingest(baseURL, arranged, [arranged.noisy, arranged.noisy, arranged.other]);
  return arranged;
}

const main = (page: Page) => page.getByRole("main");
const preview = (page: Page) => page.getByRole("region", { name: "Preview" });
const form = (page: Page) => page.getByRole("form", { name: "New suppression rule" });
const ruleId = (page: Page) => /\/suppressions\/(\d+)$/.exec(page.url())![1]!;

/** The group's alerts through the API, as the browser's session sees them. */
async function alertsOf(page: Page, group: string, suppressed?: "only") {
  const response = await page.request.get(`/api/v1/alerts?${new URLSearchParams({ group, ...(suppressed && { suppressed }) })}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: Array<{ suppressedBy: string | null }> }).items;
}

/** Opens the group of `rule` from the list; its id. */
async function openGroup(page: Page, rule: string): Promise<string> {
  await page.goto("/groups");
  await page.getByRole("region", { name: "Groups", exact: true }).getByRole("link", { name: rule }).click();
  await expect(page.getByRole("heading", { level: 1, name: rule })).toBeVisible();
  return /\/groups\/(\d+)/.exec(page.url())![1]!;
}

/** Saves a rule through the API, as the signed-in page's person. */
async function createRule(page: Page, baseURL: string, arranged: Arranged, body: Record<string, unknown> = {}): Promise<string> {
  const response = await page.request.post("/api/v1/suppressions", {
    headers: { Origin: baseURL },
    data: {
      matchers: [
        { field: "rule", op: "=", value: arranged.noisy },
        { field: "namespace", op: "=", value: namespace },
        { field: "proc.name", op: "=", value: "cat" },
      ],
      tenants: [arranged.slug],
      comment: `a nightly job ${arranged.suffix}`,
      endsAt: "2099-01-01T00:00:00Z",
      ...body,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test("suppress like this group: its preview, saved; a matching alert lands suppressed; expired, the next one shows", async ({ page, baseURL }) => {
  const arranged = await arrange(baseURL!);
  await signedIn(page, arranged.analyst);
  const group = await openGroup(page, arranged.noisy);
  await page.getByRole("link", { name: "Suppress like these" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New suppression rule" })).toBeVisible();

  // prefilled with what the group has in common, and its tenant
  const rows = form(page).getByRole("listitem");
  await expect(rows).toHaveCount(5);
  const matcher = (n: number, part: "field" | "operator" | "value") => form(page).getByLabel(`Matcher ${n} ${part}`, { exact: true });
  await expect(matcher(1, "field")).toHaveValue("rule");
  await expect(matcher(1, "value")).toHaveValue(arranged.noisy);
  await expect(matcher(2, "field")).toHaveValue("container.image.repository");
  await expect(matcher(2, "value")).toHaveValue("docker.io/library/nginx");
  await expect(matcher(3, "value")).toHaveValue("/usr/bin/cat");
  await expect(matcher(4, "value")).toHaveValue("cat");
  await expect(matcher(5, "field")).toHaveValue("namespace");
  await expect(matcher(5, "value")).toHaveValue(namespace);
  await expect(form(page).getByRole("checkbox", { name: arranged.slug })).toBeChecked();
  await expect(preview(page)).toContainText("2 of 3 alerts matched, in 1 group.");
  await expect(preview(page).getByRole("table", { name: "By rule" })).toContainText(arranged.noisy);
  await expect(preview(page).getByRole("region", { name: "Sample alerts" })).toContainText(`Warning ${arranged.noisy}`);

  // a matcher the API cannot read says why instead of figures; widening to both rules shows both
  await form(page).getByRole("button", { name: "Add matcher" }).click();
  await matcher(6, "field").fill("proc.cmdline");
  await matcher(6, "operator").selectOption("=~");
  await matcher(6, "value").fill("cat (");
  await expect(preview(page).getByRole("alert")).toContainText("not a valid RE2 regular expression");
  await form(page).getByRole("button", { name: "Remove matcher 6" }).click();
  await matcher(1, "operator").selectOption("in");
  await matcher(1, "value").fill(`${arranged.noisy}, ${arranged.other}`);
  await expect(preview(page)).toContainText("3 of 3 alerts matched, in 2 groups.");
  await expect(preview(page).getByRole("list", { name: "Warnings" })).toContainText(`Tenant ${arranged.slug} would go completely silent`);
  await matcher(1, "operator").selectOption("=");
  await matcher(1, "value").fill(arranged.noisy);
  await expect(preview(page)).toContainText("2 of 3 alerts matched, in 1 group.");
  await page.screenshot({ path: "e2e/artifacts/suppression-new.png", fullPage: true });

  await form(page).getByLabel("Comment", { exact: true }).fill(`the nightly backup reads it ${arranged.suffix}`);
  await form(page).getByRole("button", { name: "Save rule" }).click();
  await expect(page).toHaveURL(/\/suppressions\/\d+$/);
  const id = ruleId(page);
  await expect(page.getByRole("heading", { level: 1, name: `Suppression rule #${id}` })).toBeVisible();
  const details = page.getByRole("region", { name: "Rule" });
  await expect(details).toContainText("active");
  await expect(details).toContainText(`rule = ${arranged.noisy}`);
  await expect(details).toContainText(arranged.slug);

  // A matching alert is stored, suppressed: out of the default lists, there with suppressed=only.
  await ingest(baseURL!, arranged, [arranged.noisy]);
  await expect(async () => expect((await alertsOf(page, group, "only")).map((a) => a.suppressedBy)).toEqual([id])).toPass();
  expect(await alertsOf(page, group)).toHaveLength(2);
  // The group's page lists it among the others (the group counts it), saying which rule hid it.
  await page.goto(`/groups/${group}`);
  const alertRows = page.getByRole("region", { name: "Alerts", exact: true }).getByRole("row");
  await expect(alertRows).toHaveCount(4);
  await expect(alertRows.filter({ hasText: `rule #${id}` })).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Newest alert" })).toContainText(`rule #${id}`);
  await page.goto("/groups?suppressed=only");
  await expect(page.getByRole("region", { name: "Groups", exact: true }).getByRole("link", { name: arranged.noisy })).toBeVisible();
  await expect(page.getByRole("region", { name: "Groups", exact: true }).getByRole("link", { name: arranged.other })).toHaveCount(0);
  // its hit is counted (written about once a second)
  await page.goto(`/suppressions/${id}`);
  await expect(async () => {
    await page.reload();
    await expect(details.getByRole("definition").nth(8)).toHaveText("1", { timeout: 1000 });
  }).toPass();

  // Expired on its page, it lets the next matching alert through.
  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("button", { name: "Expire" }).click();
  await actions.getByRole("checkbox", { name: "Reopen the groups it resolved" }).check();
  await actions.getByRole("button", { name: "Expire now" }).click();
  await expect(actions.getByRole("status")).toHaveText("Expired.");
  await expect(details).toContainText("expired");
  await expect(actions.getByRole("button", { name: "Re-activate" })).toBeVisible();
  await expect(page.getByRole("region", { name: "History" })).toContainText("expired");
  await ingest(baseURL!, arranged, [arranged.noisy]);
  await expect(async () => expect(await alertsOf(page, group)).toHaveLength(3)).toPass();
  expect(await alertsOf(page, group, "only")).toHaveLength(1);

  // The list keeps it, marked expired.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Suppressions" }).click();
  const row = main(page).getByRole("row").filter({ has: page.getByRole("link", { name: `#${id}` }) });
  await expect(row).toContainText("expired");
  await expect(row).toContainText(`the nightly backup reads it ${arranged.suffix}`);
  await expect(row).toContainText(arranged.analyst);
  await page.screenshot({ path: "e2e/artifacts/suppression-list.png", fullPage: true });
});

test("rules download as a Falco rules file, from the list's selection and from a rule's page", async ({ page, baseURL }) => {
  const arranged = await arrange(baseURL!);
  await signedIn(page, arranged.analyst);
  const id = await createRule(page, baseURL!, arranged);
  const regex = await createRule(page, baseURL!, arranged, { matchers: [{ field: "rule", op: "=~", value: `Noisy.*${arranged.suffix}` }], mode: "shadow" });

  await page.goto("/suppressions");
  const rowOf = (rule: string) => main(page).getByRole("row").filter({ has: page.getByRole("link", { name: `#${rule}` }) });
  await expect(rowOf(regex)).toContainText("shadow");
  await expect(rowOf(id)).toContainText(`proc.name = cat`);
  await rowOf(id).getByRole("checkbox").check();
  await rowOf(regex).getByRole("checkbox").check();
  const downloaded = page.waitForEvent("download");
  await main(page).getByRole("link", { name: "Download Falco rules (2)" }).click();
  const file = await readFile((await (await downloaded).path())!, "utf8");
  expect(file).toContain(`# Falconry suppression rule #${id} (version 1): a nightly job ${arranged.suffix}`);
  expect(file).toContain(
    [
      `- rule: "${arranged.noisy}"`,
      "  exceptions:",
      `    - name: falconry_suppression_${id}`,
      '      fields: ["k8s.ns.name", "proc.name"]',
      "      comps: [=, =]",
      "      values:",
      `        - ["\\"${namespace}\\"", "\\"cat\\""]`,
      "  override:",
      "    exceptions: append",
    ].join("\n"),
  );
  expect(file).toContain(`# Falconry suppression rule #${regex} (version 1)`);
  expect(file).toContain("# Not exported: it is in shadow mode: it only counts what it would hide.");
  expect(file).toContain(
    "# Ends at 2099-01-01T00:00:00.000Z in Falconry; Falco's exceptions never end: remove this block then.\n" +
      `# For some tenants in Falconry; Falco knows no clusters: load it only where their namespaces run.\n- rule: "${arranged.noisy}"`,
  );

  await rowOf(id).getByRole("link", { name: `#${id}` }).click();
  const single = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export to Falco" }).click();
  const one = await readFile((await (await single).path())!, "utf8");
  expect(one).toContain(`falconry_suppression_${id}`);
  expect(one).not.toContain(`#${regex} `);
});

test("a viewer sees the rules and no action: no new rule, no expire or edit, no suppress like these", async ({ page, baseURL }) => {
  const arranged = await arrange(baseURL!);
  await signedIn(page, arranged.analyst);
  const id = await createRule(page, baseURL!, arranged);
  await page.context().clearCookies();

  await signedIn(page, arranged.viewer);
  await page.goto("/suppressions");
  await expect(main(page).getByRole("link", { name: `#${id}` })).toBeVisible();
  await expect(main(page).getByRole("link", { name: "New rule" })).toHaveCount(0);
  await main(page).getByRole("link", { name: `#${id}` }).click();
  await expect(page.getByRole("region", { name: "Rule" })).toContainText(`rule = ${arranged.noisy}`);
  await expect(page.getByRole("region", { name: "Versions" })).toContainText(arranged.analyst);
  await expect(page.getByRole("region", { name: "History" })).toContainText("created");
  await expect(page.getByRole("region", { name: "Actions" })).toHaveCount(0);
  for (const name of ["Expire", "Expire now", "Re-activate", "Edit"]) await expect(main(page).getByRole("button", { name })).toHaveCount(0);
  await expect(main(page).getByRole("link", { name: "Export to Falco" })).toBeVisible();

  await openGroup(page, arranged.other);
  await expect(main(page).getByRole("link", { name: "Suppress like these" })).toHaveCount(0);
  expect((await page.goto("/suppressions/new"))?.status()).toBe(404);
  expect((await page.goto("/suppressions/999999999"))?.status()).toBe(404);
});

test("a rule that matches nothing asks again before it is saved; an edit makes a new version", async ({ page, baseURL }) => {
  const arranged = await arrange(baseURL!);
  await signedIn(page, arranged.analyst);
  await page.goto("/suppressions");
  await main(page).getByRole("link", { name: "New rule" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New suppression rule" })).toBeVisible();
  const never = `Never fired ${arranged.suffix}`;
  await form(page).getByLabel("Matcher 1 value", { exact: true }).fill(never);
  await expect(form(page).getByRole("checkbox", { name: arranged.slug })).toBeChecked();
  await expect(preview(page)).toContainText("0 alerts matched, in 0 groups. Nothing matches");
  await form(page).getByLabel("Comment", { exact: true }).fill("ahead of a rollout");
  await form(page).getByRole("radio", { name: "30 days" }).check();
  await form(page).getByRole("button", { name: "Save rule" }).click();
  const confirm = form(page).getByRole("alert");
  await expect(confirm).toContainText("Are you sure? this rule matches no alert since");
  await expect(page).toHaveURL(/\/suppressions\/new$/);
  // The question is about these matchers: changed, they would have to be asked about again.
  await form(page).getByLabel("Matcher 1 value", { exact: true }).fill(`${never}!`);
  await expect(confirm).toHaveCount(0);
  await form(page).getByLabel("Matcher 1 value", { exact: true }).fill(never);
  await form(page).getByRole("button", { name: "Save rule" }).click();
  await confirm.getByRole("button", { name: "Save anyway" }).click();
  await expect(page).toHaveURL(/\/suppressions\/\d+$/);
  const id = ruleId(page);

  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("button", { name: "Edit" }).click();
  const edit = actions.getByRole("form", { name: "Edit the rule" });
  await edit.getByLabel("Matcher 1 value", { exact: true }).fill(arranged.other);
  await edit.getByRole("radio", { name: "Shadow: only count what it would hide" }).check();
  await edit.getByRole("button", { name: "Save version 2" }).click();
  await expect(actions.getByRole("status")).toHaveText("Saved as version 2.");
  await expect(page.getByRole("region", { name: "Rule" })).toContainText(`rule = ${arranged.other}`);
  await expect(page.getByRole("region", { name: "Rule" })).toContainText("shadow");
  const versions = page.getByRole("region", { name: "Versions" }).getByRole("row");
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(2)).toContainText(`rule = ${never}`);

  const { sql, close } = ownerDatabase();
  try {
    const [rule] = await sql<{ version: number; mode: string }[]>`SELECT version, mode::text FROM suppression_rules WHERE id = ${id}`;
    expect(rule).toEqual({ version: 2, mode: "shadow" });
  } finally {
    await close();
  }
});

test("the 90-day window starts where the API allows it when the preview is asked for and the rule saved, not when it was chosen", async ({ page, baseURL }) => {
  const arranged = await arrange(baseURL!);
  await signedIn(page, arranged.analyst);
  // The browser's clock an hour behind the server's: the window is chosen in the hour before, and
  // a start taken then is by now more than 90 days back.
  const now = Date.now();
  await page.clock.setFixedTime(now - 3_600_000);
  await page.goto("/suppressions/new");
  await form(page).getByLabel("Matcher 1 value", { exact: true }).fill(arranged.noisy);
  await form(page).getByLabel("History window for the preview").selectOption("90");
  await expect(preview(page).getByRole("alert")).toContainText("No preview: since: at most 90 days back");

  await page.clock.setFixedTime(now);
  await form(page).getByRole("button", { name: "Add matcher" }).click();
  await form(page).getByLabel("Matcher 2 field", { exact: true }).fill("namespace");
  await form(page).getByLabel("Matcher 2 value", { exact: true }).fill(namespace);
  await expect(preview(page)).toContainText("2 of 3 alerts matched, in 1 group.");
  await form(page).getByLabel("Comment", { exact: true }).fill("kept for a quarter");
  await form(page).getByRole("button", { name: "Save rule" }).click();
  await expect(page).toHaveURL(/\/suppressions\/\d+$/);
});

test("a saved rule opens its page without asking for the form's previews again", async ({ page, baseURL }) => {
  const arranged = await arrange(baseURL!);
  await signedIn(page, arranged.analyst);
  await page.goto("/suppressions/new");
  await form(page).getByLabel("Matcher 1 value", { exact: true }).fill(arranged.noisy);
  await expect(preview(page)).toContainText("2 of 3 alerts matched, in 1 group.");
  // A preview asked for from now on never answers, as a whole-window count of a large tenant takes seconds.
  const asked: string[] = [];
  await page.route("**/api/v1/suppressions/preview", (route) => void asked.push(route.request().url()));
  await form(page).getByLabel("Comment", { exact: true }).fill("the nightly backup");
  await form(page).getByRole("button", { name: "Save rule" }).click();
  await expect(page).toHaveURL(/\/suppressions\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: `Suppression rule #${ruleId(page)}` })).toBeVisible();
  expect(asked).toEqual([]);
});

test("an analyst rewords an administrator's forever rule (told when nothing changed), its list of values with commas kept as they were, and adds one", async ({ page, baseURL }) => {
  const arranged = await arrange(baseURL!);
  const cmdlines = ["sh -c echo a,b", "cron"];
  const { db, sql, close } = ownerDatabase();
  try {
    const admin = `admin-${arranged.suffix}@example.com`;
    await createUser(db, operatorActor, { email: admin, role: "admin", tenants: [], allTenants: true, password });
    const { token } = await createApiToken(db, operatorActor, { email: admin });
    const created = await fetch(new URL("/api/v1/suppressions", baseURL), {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        matchers: [
          { field: "rule", op: "=", value: arranged.noisy },
          { field: "proc.cmdline", op: "in", value: cmdlines },
        ],
        tenants: [arranged.slug],
        comment: "a known job",
        endsAt: null,
        confirm: true,
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;

    await signedIn(page, arranged.analyst);
    await page.goto(`/suppressions/${id}`);
    const actions = page.getByRole("region", { name: "Actions" });
    await actions.getByRole("button", { name: "Edit" }).click();
    const edit = actions.getByRole("form", { name: "Edit the rule" });
    await expect(edit.getByLabel("Matcher 2 value", { exact: true })).toHaveValue("sh -c echo a\\,b, cron");
    await expect(edit.getByRole("radio", { name: "Keep its end (forever)" })).toBeChecked();
    // Saving what the form opened with changes nothing, and says so
    await edit.getByRole("button", { name: "Save version 2" }).click();
    await expect(actions.getByRole("alert")).toHaveText("Nothing to save: change a field first.");
    await edit.getByLabel("Comment", { exact: true }).fill("the nightly job, known");
    await edit.getByRole("button", { name: "Save version 2" }).click();
    await expect(actions.getByRole("status")).toHaveText("Saved as version 2.");
    await expect(actions.getByRole("alert")).toHaveCount(0);
    const read = async () => (await sql<{ version: number; matchers: unknown; ends_at: Date | null }[]>`SELECT version, matchers, ends_at FROM suppression_rules WHERE id = ${id}`)[0];
    expect(await read()).toMatchObject({ version: 2, matchers: [{ value: arranged.noisy }, { value: cmdlines }], ends_at: null });

    // Changing what it hides takes an end; a comma within a typed value is written \,
    await actions.getByRole("button", { name: "Edit" }).click();
    await edit.getByLabel("Matcher 2 value", { exact: true }).fill("sh -c echo a\\,b, cron, sh -c echo c\\,d");
    await edit.getByRole("radio", { name: "7 days" }).check();
    await edit.getByRole("button", { name: "Save version 3" }).click();
    await expect(actions.getByRole("status")).toHaveText("Saved as version 3.");
    expect(await read()).toMatchObject({ version: 3, matchers: [{ value: arranged.noisy }, { value: [...cmdlines, "sh -c echo c,d"] }], ends_at: expect.any(Date) });
  } finally {
    await close();
  }
});
