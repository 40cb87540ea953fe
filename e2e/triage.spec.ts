import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { arrangeTeam, ownerDatabase } from "@/e2e/helpers/arrange";
import { signedIn } from "@/e2e/helpers/sign-in";

/*
 * The triage screens, driven as an analyst and a viewer would, on alerts sent through the real
 * ingest API. Other specs share this Falconry, so each test arranges a tenant, people and rules of
 * its own, named with a suffix of its own.
 */

interface Arranged {
  suffix: string;
  token: string;
  namespace: string;
  analyst: string;
  viewer: string;
  rules: { critical: string; warning: string; notice: string };
}

const fixture = JSON.parse(readFileSync("test/fixtures/falcosidekick-webhook.json", "utf8")) as Record<string, unknown> & {
  output_fields: Record<string, unknown>;
};

/**
 * Posts one alert per rule to the real ingest API, each with a uuid of its own (a new delivery, not a
 * retry). `rewrite` edits the body's text, for what JSON.stringify cannot write (a 19-digit integer).
 */
async function ingest(
  baseURL: string,
  arranged: Arranged,
  alerts: Array<{ rule: string; priority: string; fields?: Record<string, unknown>; output?: string; time?: string; hostname?: string; tags?: string[] }>,
  rewrite: (body: string) => string = (body) => body,
) {
  const body = alerts.map(({ rule, priority, fields, output, ...changes }) => ({
    ...fixture,
    ...changes,
    uuid: randomUUID(),
    rule,
    priority,
    output: output ?? `${priority} ${rule} | user=www-data`,
    output_fields: { ...fixture.output_fields, ...fields, "k8s.ns.name": arranged.namespace },
  }));
  const answer = await fetch(new URL("/api/v1/ingest", baseURL), {
    method: "POST",
    headers: { Authorization: `Bearer ${arranged.token}`, "Content-Type": "application/json" },
    body: rewrite(JSON.stringify(body)),
  });
  expect(answer.status, await answer.text()).toBe(200);
}

/** A tenant with an analyst and a viewer, and three groups in it: one critical, one warning, one notice. */
async function arrangeTriage(baseURL: string): Promise<Arranged> {
  const namespace = "payments";
  const { suffix, token, analyst, viewer } = await arrangeTeam("triage", namespace);
  const rules = { critical: `Terminal shell ${suffix}`, warning: `Read sensitive file ${suffix}`, notice: `Outbound connection ${suffix}` };
  const arranged = { suffix, token, namespace, analyst, viewer, rules };
  await ingest(baseURL, arranged, [
    { rule: rules.critical, priority: "Critical" },
    { rule: rules.warning, priority: "Warning" },
    { rule: rules.notice, priority: "Notice" },
  ]);
  return arranged;
}

const groupsTable = (page: Page) => page.getByRole("region", { name: "Groups", exact: true });
const rowOf = (page: Page, rule: string) => groupsTable(page).getByRole("row").filter({ hasText: rule });
const bulk = (page: Page) => page.getByRole("region", { name: "Bulk actions" });
const mainAlert = (page: Page) => page.getByRole("main").getByRole("alert");

async function expectRules(page: Page, shown: string[], hidden: string[]) {
  for (const rule of shown) await expect(rowOf(page, rule)).toHaveCount(1);
  for (const rule of hidden) await expect(rowOf(page, rule)).toHaveCount(0);
}

test("filters by priority and status through the URL: a reload or the same URL elsewhere shows the same view", async ({ page, browser, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const { rules } = arranged;
  await signedIn(page, arranged.analyst);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Triage" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Triage" })).toBeVisible();
  await expectRules(page, [rules.critical, rules.warning, rules.notice], []);
  await page.screenshot({ path: "e2e/artifacts/triage-list.png", fullPage: true });

  const filters = page.getByRole("form", { name: "Filters" });
  await filters.getByLabel("Priority", { exact: true }).selectOption("warning");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/groups\?priority=warning$/);
  await expectRules(page, [rules.critical, rules.warning], [rules.notice]);

  await filters.getByLabel("Priority match").selectOption("exactly");
  await filters.getByLabel("Status").selectOption("acknowledged");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/groups\?priority=warning&priorityMatch=exactly&status=acknowledged$/);
  await expect(groupsTable(page)).toContainText("No group matches these filters. Widen them or clear them.");

  await filters.getByLabel("Status").selectOption("open");
  await filters.getByLabel("Search").fill(arranged.suffix);
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/groups\\?priority=warning&priorityMatch=exactly&status=open&q=${arranged.suffix}$`));
  await expectRules(page, [rules.warning], [rules.critical, rules.notice]);

  // The view is the URL's: a reload keeps it, and so does the same URL in another browser.
  const url = page.url();
  await page.reload();
  await expectRules(page, [rules.warning], [rules.critical, rules.notice]);
  await expect(filters.getByLabel("Priority", { exact: true })).toHaveValue("warning");
  await expect(filters.getByLabel("Priority match")).toHaveValue("exactly");
  await expect(filters.getByLabel("Status")).toHaveValue("open");
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto(url);
  await expect(other).toHaveURL(/\/sign-in\?next=/);
  await signedIn(other, arranged.analyst);
  await other.goto(url);
  await expectRules(other, [rules.warning], [rules.critical, rules.notice]);
  await elsewhere.close();

  // Sorted by count, in the URL too; then cleared.
  await filters.getByLabel("Sort by").selectOption("count");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/sort=count/);
  // What the form shows of a URL it was given (as the overview's links give it) survives applying it.
  await page.goto("/groups?suppressed=only&until=2099-01-01T00%3A00%3A00Z");
  await expect(filters.getByLabel("Suppressed")).toHaveValue("only");
  await filters.getByLabel("Sort by").selectOption("count");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/groups\?until=2099-01-01T00%3A00%3A00Z&suppressed=only&sort=count$/);
  await filters.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/groups$/);
  await expectRules(page, [rules.critical, rules.warning, rules.notice], []);

  // A filter the API cannot read says what is wrong and what to do.
  await page.goto("/groups?priority=urgent");
  await expect(mainAlert(page)).toContainText("priority: one of debug");
  await expect(mainAlert(page)).toContainText("Correct the filters above, or clear them.");
});

test("an analyst works one group through: acknowledge, assign, note, resolve, and its regression", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const rule = arranged.rules.critical;
  await signedIn(page, arranged.analyst);
  await page.goto("/groups");
  await rowOf(page, rule).getByRole("link", { name: rule }).click();
  await expect(page.getByRole("heading", { level: 1, name: rule })).toBeVisible();
  const status = page.getByRole("region", { name: "Status" });
  await expect(status).toContainText("open");
  await expect(page.getByRole("region", { name: "Identifying fields" }).getByRole("row").filter({ hasText: "container.image.repository" })).toContainText(
    "docker.io/library/nginx",
  );

  await status.getByRole("button", { name: "Acknowledge" }).click();
  await expect(status.getByRole("status")).toHaveText("1 updated, 0 skipped");
  await expect(status.getByRole("definition").first()).toHaveText("acknowledged");
  await expect(status.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);

  await status.getByRole("button", { name: "Assign to me" }).click();
  await expect(status).toContainText(arranged.analyst);

  const notes = page.getByRole("region", { name: "Notes" });
  const note = `<b>checked with the payments team</b> ${arranged.suffix}`;
  await notes.getByLabel("Note", { exact: true }).fill(note);
  await notes.getByRole("button", { name: "Add note" }).click();
  await expect(notes.getByRole("listitem").filter({ hasText: note })).toContainText(arranged.analyst);
  await expect(notes.locator("b")).toHaveCount(0);

  await status.getByRole("button", { name: "Resolve" }).click();
  await status.getByRole("button", { name: "Confirm: resolve" }).click();
  // the browser refuses to send a closing action without its reason
  await expect(status.getByRole("definition").first()).toHaveText("acknowledged");
  await status.getByLabel("Reason").fill("patched the image");
  await status.getByRole("button", { name: "Confirm: resolve" }).click();
  await expect(status.getByRole("definition").first()).toHaveText("resolved");
  await expect(status).toContainText("patched the image");
  await page.screenshot({ path: "e2e/artifacts/triage-group.png", fullPage: true });

  // A new alert of a resolved group reopens it, and says why.
  await ingest(baseURL!, arranged, [{ rule, priority: "Critical" }]);
  await page.reload();
  await expect(status.getByRole("definition").first()).toHaveText("open");
  await expect(status).toContainText("regression");
  const history = page.getByRole("region", { name: "History" });
  await expect(history.getByRole("row").filter({ hasText: "falconry (regression)" })).toContainText("status: resolved → open");
  await expect(history.getByRole("row").filter({ hasText: "group.note" })).toContainText(arranged.analyst);
  await expect(page.getByRole("region", { name: "Group" })).toContainText("Count");
});

test("bulk actions: two groups by selection, then everything matching a filter after its count", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const { rules } = arranged;
  await signedIn(page, arranged.analyst);
  await page.goto("/groups");
  await expectRules(page, [rules.critical, rules.warning, rules.notice], []);

  await rowOf(page, rules.critical).getByRole("checkbox").check();
  await rowOf(page, rules.warning).getByRole("checkbox").check();
  await expect(bulk(page).getByRole("radio", { name: "The selected groups (2)" })).toBeChecked();
  await bulk(page).getByRole("button", { name: "Acknowledge" }).click();
  await expect(bulk(page).getByRole("status")).toHaveText("2 updated, 0 skipped");
  await expect(rowOf(page, rules.critical)).toContainText("acknowledged");
  await expect(rowOf(page, rules.warning)).toContainText("acknowledged");
  await expect(rowOf(page, rules.notice)).toContainText("open");

  // What the workflow does not allow is skipped, and says why; a group already there is already so.
  await rowOf(page, rules.critical).getByRole("checkbox").check();
  await rowOf(page, rules.notice).getByRole("checkbox").check();
  await bulk(page).getByRole("button", { name: "Reopen" }).click();
  await expect(bulk(page).getByRole("alert")).toHaveText(
    "0 updated, 1 already so, 1 skipped (status: a group cannot go from acknowledged to open (from acknowledged: resolved or false_positive))",
  );
  await expect(rowOf(page, rules.critical)).toContainText("acknowledged");

  // Everything matching "acknowledged": counted, confirmed, then closed with a reason.
  await page.goto("/groups?status=acknowledged");
  await expectRules(page, [rules.critical, rules.warning], [rules.notice]);
  await bulk(page).getByRole("radio", { name: "Everything matching this filter" }).check();
  await expect(bulk(page)).toContainText("2 groups match this filter.");
  await bulk(page).getByRole("button", { name: "False positive" }).click();
  await expect(bulk(page)).toContainText("False positive: this changes all 2 groups matching this filter, not only those shown.");
  await bulk(page).getByLabel("Reason").fill("a scheduled scan");
  await bulk(page).getByRole("button", { name: "Confirm: false positive" }).click();
  await expect(bulk(page).getByRole("status")).toHaveText("2 updated, 0 skipped");
  await expect(groupsTable(page)).toContainText("No group matches these filters. Widen them or clear them.");

  const { sql, close } = ownerDatabase();
  try {
    const rows = await sql<{ rule: string; status: string; status_reason: string | null }[]>`
      SELECT rule, status::text, status_reason FROM alert_groups WHERE rule = ANY(${Object.values(rules)}) ORDER BY rule`;
    expect(rows).toEqual(
      [
        { rule: rules.critical, status: "false_positive", status_reason: "a scheduled scan" },
        { rule: rules.warning, status: "false_positive", status_reason: "a scheduled scan" },
        { rule: rules.notice, status: "open", status_reason: null },
      ].sort((a, b) => a.rule.localeCompare(b.rule)),
    );
  } finally {
    await close();
  }
});

test("a viewer sees the groups, their notes and history, and no action control", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  await signedIn(page, arranged.viewer);
  await page.goto("/groups");
  await expect(rowOf(page, arranged.rules.warning)).toHaveCount(1);
  await expect(bulk(page)).toHaveCount(0);
  await expect(groupsTable(page).getByRole("checkbox")).toHaveCount(0);
  await rowOf(page, arranged.rules.warning).getByRole("link", { name: arranged.rules.warning }).click();
  await expect(page.getByRole("heading", { level: 1, name: arranged.rules.warning })).toBeVisible();
  await expect(page.getByRole("region", { name: "Notes" })).toContainText("No note yet.");
  await expect(page.getByRole("region", { name: "History" })).toBeVisible();
  for (const name of ["Acknowledge", "Resolve", "False positive", "Reopen", "Assign to me", "Unassign", "Add note"]) {
    await expect(page.getByRole("main").getByRole("button", { name })).toHaveCount(0);
  }
  await expect(page.getByRole("main").getByLabel("Note", { exact: true })).toHaveCount(0);

  // A group of nobody's tenant here is the page that does not exist.
  expect((await page.goto("/groups/999999999"))?.status()).toBe(404);
});

test("pages through the list with its cursor: Older when newest first, More in other orders", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  await ingest(
    baseURL!,
    arranged,
    Array.from({ length: 50 }, (_, i) => ({ rule: `Paged rule ${i} ${arranged.suffix}`, priority: "Informational" })),
  );
  await signedIn(page, arranged.analyst);
  await page.goto("/groups");
  const rows = groupsTable(page).getByRole("row");
  // a page is 50 groups, plus the header row
  await expect(rows).toHaveCount(51);
  await groupsTable(page).getByRole("button", { name: "Older" }).click();
  await expect(rows).toHaveCount(54);
  await expect(groupsTable(page).getByRole("button", { name: "Older" })).toHaveCount(0);

  await page.goto("/groups?sort=count");
  await expect(rows).toHaveCount(51);
  await groupsTable(page).getByRole("button", { name: "More" }).click();
  await expect(rows).toHaveCount(54);
});

test("alert data is shown as text on both screens: markup in it is never markup", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const rule = `<img src=x onerror=alert(1)> ${arranged.suffix}`;
  const image = "<script>alert(2)</script>";
  await ingest(baseURL!, arranged, [{ rule, priority: "Error", fields: { "container.image.repository": image } }]);
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signedIn(page, arranged.analyst);
  await page.goto("/groups");
  await expect(rowOf(page, rule)).toContainText(`container.image.repository=${image}`);
  await rowOf(page, rule).getByRole("link", { name: rule }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(rule);
  await expect(page.getByRole("region", { name: "Identifying fields" }).getByRole("row").filter({ hasText: "container.image.repository" })).toContainText(image);
  await expect(page.locator("main img, main script")).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test("alerts arriving while the list is open show as a banner, and join the list only when asked", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const { rules } = arranged;
  await signedIn(page, arranged.analyst);
  const subscribed = page.waitForResponse((response) => response.url().endsWith("/api/v1/events"));
  await page.goto("/groups");
  await subscribed;
  const rows = groupsTable(page).getByRole("row");
  await expectRules(page, [rules.critical, rules.warning, rules.notice], []);
  await expect(rows).toHaveCount(4);
  const before = await rows.allTextContents();

  const arrived = `Arrived while reading ${arranged.suffix}`;
  await ingest(baseURL!, arranged, [{ rule: arrived, priority: "Error" }]);
  const banner = groupsTable(page).getByRole("status");
  await expect(banner).toContainText("1 new or updated group");
  // the rows under the reader's cursor stay as they were
  await expect(rowOf(page, arrived)).toHaveCount(0);
  expect(await rows.allTextContents()).toEqual(before);

  await banner.getByRole("button", { name: "Show them" }).click();
  await expect(rowOf(page, arrived)).toHaveCount(1);
  await expect(rows).toHaveCount(5);
  await expect(banner).toBeEmpty();

  // A new alert of a group shown changes it (its count, and a resolved group reopens): said, and shown when asked, too.
  const critical = rowOf(page, rules.critical);
  await critical.getByRole("checkbox").check();
  await bulk(page).getByRole("button", { name: "Resolve", exact: true }).click();
  await bulk(page).getByLabel("Reason").fill("rebuilt the image");
  await bulk(page).getByRole("button", { name: "Confirm: resolve" }).click();
  await expect(critical).toContainText("resolved");
  await expect(banner).toBeEmpty();
  const resolved = await rows.allTextContents();
  await ingest(baseURL!, arranged, [{ rule: rules.critical, priority: "Critical" }]);
  await expect(banner).toContainText("1 new or updated group");
  expect(await rows.allTextContents()).toEqual(resolved);

  await banner.getByRole("button", { name: "Show them" }).click();
  await expect(critical).toContainText("open");
  await expect(critical.getByRole("cell").nth(6)).toHaveText("2");
  await expect(banner).toBeEmpty();
});

test("alerts stored while the live stream reconnects show as a banner too", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  await signedIn(page, arranged.analyst);
  // The first stream ends at once, as the server ends each after a while; the browser's next one waits for the alert.
  let streams = 0;
  let letReconnect = () => {};
  const isStored = new Promise<void>((resolve) => (letReconnect = resolve));
  await page.route("**/api/v1/events", async (route) => {
    streams += 1;
    if (streams === 1) return route.fulfill({ status: 200, contentType: "text/event-stream", body: "retry: 100\n\n" });
    await isStored;
    return route.continue();
  });
  await page.goto("/groups");
  await expect(groupsTable(page).getByRole("row")).toHaveCount(4);
  await expect.poll(() => streams).toBe(2);

  // back once the alert's notification has gone out, to no stream of this page
  const arrived = `Arrived while away ${arranged.suffix}`;
  const { sql, close } = ownerDatabase();
  try {
    const [{ tenantId }] = await sql<[{ tenantId: string }]>`SELECT tenant_id::text AS "tenantId" FROM alert_groups WHERE rule = ${arranged.rules.critical}`;
    const isAnnounced = new Promise<void>((resolve) => void sql.listen("falconry_alerts", (payload) => payload.includes(tenantId) && resolve()));
    await ingest(baseURL!, arranged, [{ rule: arrived, priority: "Error" }]);
    await isAnnounced;
  } finally {
    await close();
  }
  letReconnect();
  const banner = groupsTable(page).getByRole("status");
  await expect(banner).toContainText("1 new or updated group");
  await expect(rowOf(page, arrived)).toHaveCount(0);
});

/** Makes the page's document hidden or shown, as switching tabs does. */
function setHidden(page: Page, isHidden: boolean) {
  return page.evaluate((hidden) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event("visibilitychange"));
  }, isHidden);
}

/** The URLs of the page's requests from now on whose path starts with `path`. */
function requestsOf(page: Page, path: string): string[] {
  const urls: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith(path)) urls.push(request.url());
  });
  return urls;
}

test("the tabs of one browser share one live stream: a hidden one is told once shown, and a closing one hands it on", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  await signedIn(page, arranged.analyst);
  const subscribed = page.waitForResponse((response) => response.url().endsWith("/api/v1/events"));
  await page.goto("/groups");
  await subscribed;
  const other = await page.context().newPage();
  const otherStreams = requestsOf(other, "/api/v1/events");
  await other.goto("/groups");
  await expect(groupsTable(other).getByRole("row")).toHaveCount(4);

  await ingest(baseURL!, arranged, [{ rule: `Arrived for both ${arranged.suffix}`, priority: "Error" }]);
  for (const tab of [page, other]) await expect(groupsTable(tab).getByRole("status")).toContainText("1 new or updated group");
  expect(otherStreams).toEqual([]);

  // hidden, a tab asks the API for nothing, and once shown says what arrived meanwhile
  await setHidden(other, true);
  const asked = requestsOf(other, "/api/v1/groups");
  await ingest(baseURL!, arranged, [{ rule: `Arrived while hidden ${arranged.suffix}`, priority: "Error" }]);
  await expect(groupsTable(page).getByRole("status")).toContainText("2 new or updated groups");
  await page.waitForTimeout(500); // time enough for the other tab to have asked, were it to
  expect(asked).toEqual([]);
  await setHidden(other, false);
  await expect(groupsTable(other).getByRole("status")).toContainText("2 new or updated groups");

  // the tab holding the stream closes: the other takes it up
  const takenUp = other.waitForResponse((response) => response.url().endsWith("/api/v1/events"));
  await page.close();
  await takenUp;
  await ingest(baseURL!, arranged, [{ rule: `Arrived after the hand-over ${arranged.suffix}`, priority: "Error" }]);
  await expect(groupsTable(other).getByRole("status")).toContainText("3 new or updated groups");
});

test("without Web Locks a tab follows a stream of its own, none while hidden, and shown again says what arrived meanwhile", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  // as on a page served over plain HTTP from another host than localhost
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "locks", { configurable: true, get: () => undefined }));
  await signedIn(page, arranged.analyst);
  const subscribed = page.waitForResponse((response) => response.url().endsWith("/api/v1/events"));
  await page.goto("/groups");
  await subscribed;
  await expect(groupsTable(page).getByRole("row")).toHaveCount(4);
  const openStreams = () => page.evaluate(() => performance.getEntriesByType("resource").filter((entry) => entry.name.endsWith("/api/v1/events")).length);
  expect(await openStreams()).toBe(0); // a stream's entry is written when it ends

  await setHidden(page, true);
  await expect.poll(openStreams).toBe(1); // the stream ended
  const arrived = `Arrived while hidden ${arranged.suffix}`;
  await ingest(baseURL!, arranged, [{ rule: arrived, priority: "Error" }]);
  const resubscribed = page.waitForResponse((response) => response.url().endsWith("/api/v1/events"));
  await setHidden(page, false);
  await resubscribed;
  await expect(groupsTable(page).getByRole("status")).toContainText("1 new or updated group");
});

test("the keyboard drives the list: j/k highlight, x ticks, a/r act, / searches, ? lists the shortcuts", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const { rules } = arranged;
  await signedIn(page, arranged.analyst);
  await page.goto("/groups");
  const rows = groupsTable(page).getByRole("row");
  await expect(rows).toHaveCount(4);
  const [first, second, third] = [rows.nth(1), rows.nth(2), rows.nth(3)];
  const secondRule = (await second.getByRole("link").textContent())!;
  const firstRule = (await first.getByRole("link").textContent())!;

  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(second).toHaveAttribute("aria-current", "true");
  await expect(first).not.toHaveAttribute("aria-current", "true");
  // the row never takes the focus: the list's live region says which group a key acts on
  const said = groupsTable(page).getByRole("status");
  await expect(said).toContainText(`Highlighted: ${secondRule} (`);
  await expect(said).toContainText(", open)");
  await page.keyboard.press("x");
  await expect(second.getByRole("checkbox")).toBeChecked();
  // a status that changes is said, one that appears holding its text often is not: it is there, empty
  await expect(bulk(page).getByRole("status")).toBeEmpty();
  await page.keyboard.press("a");
  await expect(bulk(page).getByRole("status")).toHaveText("1 updated, 0 skipped");
  await expect(rowOf(page, secondRule)).toContainText("acknowledged");
  await expect(first).toContainText("open");
  await expect(third).toContainText("open");

  // Nothing ticked: r acts on the highlighted group, and asks for its reason like the button; keys typed there are text.
  await page.keyboard.press("k");
  await expect(first).toHaveAttribute("aria-current", "true");
  await expect(said).toContainText(`Highlighted: ${firstRule} (`);
  await page.keyboard.press("r");
  const reason = bulk(page).getByLabel("Reason");
  await expect(reason).toBeFocused();
  await page.keyboard.type("just a kernel update");
  await expect(first).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("Enter");
  await expect(rowOf(page, firstRule)).toContainText("resolved");

  const search = page.getByRole("form", { name: "Filters" }).getByLabel("Search");
  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await page.keyboard.type("jk");
  await expect(search).toHaveValue("jk");
  await expect(first).toHaveAttribute("aria-current", "true");

  await page.getByRole("heading", { level: 1, name: "Triage" }).click();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Tick or untick the highlighted group");
  await expect(help).toContainText("Search");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // With "everything matching this filter" chosen, the keys start nothing: that takes the buttons.
  await bulk(page).getByRole("radio", { name: "Everything matching this filter" }).check();
  await expect(bulk(page)).toContainText("match this filter.");
  await page.getByRole("heading", { level: 1, name: "Triage" }).click();
  await page.keyboard.press("a");
  await expect(bulk(page).getByRole("button", { name: /^Confirm/ })).toHaveCount(0);
  await expect(bulk(page)).not.toContainText("this changes all");

  const { sql, close } = ownerDatabase();
  try {
    const rows = await sql<{ rule: string; status: string }[]>`SELECT rule, status::text FROM alert_groups WHERE rule = ANY(${Object.values(rules)})`;
    const statuses = Object.fromEntries(rows.map((row) => [row.rule, row.status]));
    expect(statuses[secondRule]).toBe("acknowledged");
    expect(statuses[firstRule]).toBe("resolved");
    expect(Object.values(statuses).filter((status) => status === "open")).toHaveLength(1);
  } finally {
    await close();
  }
});

test("a question asked for some groups changes only those: ticking another group while it is open withdraws it", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  await signedIn(page, arranged.analyst);
  await page.goto("/groups");
  const rows = groupsTable(page).getByRole("row");
  await expect(rows).toHaveCount(4);
  const [first, second] = [rows.nth(1), rows.nth(2)];
  const firstRule = (await first.getByRole("link").textContent())!;
  const secondRule = (await second.getByRole("link").textContent())!;

  await page.keyboard.press("j");
  await expect(first).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("r");
  const question = bulk(page).getByRole("form", { name: "Resolve: confirm" });
  await expect(question).toContainText("Resolve: 1 group.");
  await second.getByRole("checkbox").check();
  await expect(question).toHaveCount(0);

  // asked again, the question is for the ticked group, and confirming changes that one only
  await bulk(page).getByRole("button", { name: "Resolve", exact: true }).click();
  await expect(question).toContainText("Resolve: 1 group.");
  await question.getByLabel("Reason").fill("rotated the key");
  await question.getByRole("button", { name: "Confirm: resolve" }).click();
  await expect(bulk(page).getByRole("status")).toHaveText("1 updated, 0 skipped");
  await expect(rowOf(page, secondRule)).toContainText("resolved");
  await expect(rowOf(page, firstRule)).toContainText("open");
});

test("a reason of only spaces is refused before it is sent, and a change that skips every group is an error that keeps its question", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const rule = arranged.rules.warning;
  await signedIn(page, arranged.analyst);
  await page.goto("/groups");
  const row = rowOf(page, rule);
  await row.getByRole("checkbox").check();
  await bulk(page).getByRole("button", { name: "Resolve", exact: true }).click();
  const question = bulk(page).getByRole("form", { name: "Resolve: confirm" });
  await question.getByLabel("Reason").fill("   ");
  await question.getByRole("button", { name: "Confirm: resolve" }).click();
  await expect(question.getByRole("alert")).toHaveText("Reason: required; spaces alone are not a reason.");
  await expect(question.getByLabel("Reason")).toHaveValue("   ");
  await expect(row).toContainText("open");

  await question.getByLabel("Reason").fill("rotated the key");
  await question.getByRole("button", { name: "Confirm: resolve" }).click();
  await expect(bulk(page).getByRole("status")).toHaveText("1 updated, 0 skipped");
  await expect(row).toContainText("resolved");

  // a false positive now: every group is skipped, nothing changed, and the question stays as typed
  await row.getByRole("checkbox").check();
  await bulk(page).getByRole("button", { name: "False positive" }).click();
  const another = bulk(page).getByRole("form", { name: "False positive: confirm" });
  await another.getByLabel("Reason").fill("a scheduled scan");
  await another.getByRole("button", { name: "Confirm: false positive" }).click();
  await expect(bulk(page).getByRole("alert")).toHaveText(
    "0 updated, 1 skipped (status: a group cannot go from resolved to false_positive (from resolved: open))",
  );
  await expect(another.getByLabel("Reason")).toHaveValue("a scheduled scan");
  await expect(row.getByRole("checkbox")).toBeChecked();

  const { sql, close } = ownerDatabase();
  try {
    const rows = await sql<{ status: string; status_reason: string | null }[]>`SELECT status::text, status_reason FROM alert_groups WHERE rule = ${rule}`;
    expect(rows).toEqual([{ status: "resolved", status_reason: "rotated the key" }]);
  } finally {
    await close();
  }
});

test("exports the alerts of the current view as CSV, formulas neutralised, and offers NDJSON", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const { rules } = arranged;
  const formulaRule = `Spreadsheet bait ${arranged.suffix}`;
  const formula = `=1+2 ${arranged.suffix}`;
  await ingest(baseURL!, arranged, [{ rule: formulaRule, priority: "Error", output: formula }]);
  await signedIn(page, arranged.analyst);
  await page.goto("/groups?priority=error");
  await expectRules(page, [rules.critical, formulaRule], [rules.warning, rules.notice]);
  const groups = groupsTable(page);
  await expect(groups.getByRole("link", { name: "Export NDJSON" })).toHaveAttribute("href", "/api/v1/export?format=ndjson&priority=error");

  const downloading = page.waitForEvent("download");
  await groups.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toContain("output");
  expect(csv).toContain(rules.critical);
  expect(csv).toContain(formulaRule);
  // the view's filter holds: warning and notice alerts are not in it
  expect(csv).not.toContain(rules.warning);
  expect(csv).not.toContain(rules.notice);
  expect(csv).toContain(`'${formula}`);
  expect(csv).not.toMatch(new RegExp(`(^|,|")=1\\+2 ${arranged.suffix}`, "m"));
});

test("the group page lists the group's alerts newest first, and the newest one field by field", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const rule = arranged.rules.critical;
  const cmdline = `bash -c "id; <b>whoami</b>" ${arranged.suffix}`;
  // beyond 2^53: a double would make it ...200300
  const evtTime = "1795771244100200301";
  await ingest(
    baseURL!,
    arranged,
    [{ rule, priority: "Critical", output: `Critical newest ${arranged.suffix}`, fields: { "proc.cmdline": cmdline, "evt.time": "EVT_TIME" } }],
    (body) => body.replace('"EVT_TIME"', evtTime),
  );
  await signedIn(page, arranged.analyst);
  await page.goto("/groups");
  await rowOf(page, rule).getByRole("link", { name: rule }).click();
  await expect(page.getByRole("heading", { level: 1, name: rule })).toBeVisible();

  const alerts = page.getByRole("region", { name: "Alerts", exact: true }).getByRole("row");
  await expect(alerts).toHaveCount(3);
  await expect(alerts.nth(1)).toContainText(`Critical newest ${arranged.suffix}`);
  await expect(alerts.nth(2)).toContainText(`Critical ${rule} | user=www-data`);

  const newest = page.getByRole("region", { name: "Newest alert" });
  const field = (name: string) => newest.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  await expect(field("proc.cmdline")).toContainText(cmdline);
  await field("proc.cmdline").getByRole("button", { name: "Copy proc.cmdline" }).click();
  // the result is in the button's name, not only in its text (no clipboard in some browsers: then it says to select)
  await expect(field("proc.cmdline").getByRole("button", { name: /^Copy proc\.cmdline: (Copied|Select to copy)$/ })).toBeVisible();
  // a 19-digit integer stays exact
  await expect(field("evt.time")).toHaveText(`evt.time${evtTime}Copy`);
  await newest.getByText("Raw JSON").click();
  const raw = newest.locator("pre");
  await expect(raw).toContainText(`"proc.cmdline": ${JSON.stringify(cmdline)}`);
  await expect(raw).toContainText(`"evt.time": ${evtTime}`);
  await expect(page.locator("main b")).toHaveCount(0);
});

test("filters by where alerts came from: cluster, namespace, host, source and tags, kept in the URL", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const { rules, suffix } = arranged;
  const elsewhere = `Elsewhere ${suffix}`;
  await ingest(baseURL!, arranged, [{ rule: elsewhere, priority: "Error", hostname: `node-${suffix}`, tags: ["T1059", `tag-${suffix}`] }]);
  await signedIn(page, arranged.analyst);
  await page.goto("/groups");
  const filters = page.getByRole("form", { name: "Filters" });
  await filters.getByLabel("Cluster", { exact: true }).fill(`triage-${suffix}`);
  await filters.getByLabel("Namespace", { exact: true }).fill("payments");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/groups\\?cluster=triage-${suffix}&namespace=payments$`));
  await expectRules(page, [rules.critical, rules.warning, rules.notice, elsewhere], []);

  await filters.getByLabel("Host", { exact: true }).fill(`node-${suffix}`);
  await filters.getByLabel("Source", { exact: true }).fill("syscall");
  await filters.getByLabel("Tags", { exact: true }).fill(` T1059, tag-${suffix}, `);
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/groups\\?source=syscall&cluster=triage-${suffix}&namespace=payments&hostname=node-${suffix}&tag=T1059%2Ctag-${suffix}$`));
  await expectRules(page, [elsewhere], [rules.critical, rules.warning, rules.notice]);

  // the URL is the view: a reload shows the same values and the same groups
  await page.reload();
  await expectRules(page, [elsewhere], [rules.critical, rules.warning, rules.notice]);
  await expect(filters.getByLabel("Cluster", { exact: true })).toHaveValue(`triage-${suffix}`);
  await expect(filters.getByLabel("Namespace", { exact: true })).toHaveValue("payments");
  await expect(filters.getByLabel("Host", { exact: true })).toHaveValue(`node-${suffix}`);
  await expect(filters.getByLabel("Source", { exact: true })).toHaveValue("syscall");
  await expect(filters.getByLabel("Tags", { exact: true })).toHaveValue(`T1059,tag-${suffix}`);

  // every tag must be there; another source matches nothing
  await filters.getByLabel("Tags", { exact: true }).fill(`T1059,tag-${suffix},elsewhere-${suffix}`);
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(groupsTable(page)).toContainText("No group matches these filters. Widen them or clear them.");
  await page.goto(`/groups?cluster=triage-${suffix}&source=k8s_audit`);
  await expect(groupsTable(page)).toContainText("No group matches these filters. Widen them or clear them.");
  await expect(filters.getByLabel("Source", { exact: true })).toHaveValue("k8s_audit");
});

test("each group shows its alerts in the period beside its total, with a sparkline, the column named after the period", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const { rules, suffix } = arranged;
  const busy = `Busy ${suffix}`;
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
  // three alerts in the last 24 hours, and one (the fixture's time) days before
  await ingest(baseURL!, arranged, [
    { rule: busy, priority: "Error" },
    { rule: busy, priority: "Error", time: hoursAgo(3) },
    { rule: busy, priority: "Error", time: hoursAgo(3) },
    { rule: busy, priority: "Error", time: hoursAgo(0) },
  ]);
  await signedIn(page, arranged.analyst);
  await page.goto(`/groups?q=${suffix}`);
  await expectRules(page, [busy, rules.warning], []);
  const headers = await groupsTable(page).getByRole("columnheader").allTextContents();
  const periodColumn = headers.indexOf("Last 24 hours");
  expect(periodColumn).toBe(headers.indexOf("Count") + 1);
  const cell = (rule: string, column: number) => rowOf(page, rule).getByRole("cell").nth(column);
  await expect(cell(busy, headers.indexOf("Count"))).toHaveText("4");
  await expect(cell(busy, periodColumn)).toHaveText("3", { useInnerText: true });
  const label = await rowOf(page, busy).getByRole("img").getAttribute("aria-label");
  expect(label).toMatch(/^Alerts per hour from \S+ \S+ UTC to \S+ \S+ UTC: /);
  const counts = label!.split(": ")[1]!.split(", ").map(Number);
  expect(counts).toHaveLength(24);
  expect(counts.reduce((a, b) => a + b)).toBe(3);
  await expect(cell(rules.warning, periodColumn)).toHaveText("0", { useInnerText: true });

  // a day of the past, hour by hour: the fixture's alerts came at 09:20 (busy was last seen after it)
  await page.goto(`/groups?q=${suffix}&since=2026-11-25T00:00:00Z&until=2026-11-26T00:00:00Z`);
  await expectRules(page, [rules.critical, rules.warning, rules.notice], [busy]);
  await expect(groupsTable(page).getByRole("columnheader", { name: "2026-11-25 00:00:00 UTC to 2026-11-26 00:00:00 UTC" })).toBeVisible();
  const day = Array.from({ length: 24 }, (_, hour) => (hour === 9 ? 1 : 0)).join(", ");
  await expect(rowOf(page, rules.critical).getByRole("img")).toHaveAttribute(
    "aria-label",
    `Alerts per hour from 2026-11-25 00:00:00 UTC to 2026-11-26 00:00:00 UTC: ${day}`,
  );
  await expect(cell(rules.critical, periodColumn)).toHaveText("1", { useInnerText: true });
});

test("the group page shows where its alerts came from, and its values lead to the list or the alerts filtered by them", async ({ page, baseURL }) => {
  const arranged = await arrangeTriage(baseURL!);
  const { rules, suffix } = arranged;
  const rule = `Spread ${suffix}`;
  const [hostA, hostB, podA, podB, tag] = [`node-a-${suffix}`, `node-b-${suffix}`, `web-a-${suffix}`, `web-b-${suffix}`, `tag-${suffix}`];
  await ingest(baseURL!, arranged, [
    ...Array.from({ length: 3 }, () => ({ rule, priority: "Warning", hostname: hostA, tags: [tag], fields: { "k8s.pod.name": podA } })),
    { rule, priority: "Warning", hostname: hostB, tags: [tag], fields: { "k8s.pod.name": podB }, output: `from pod b ${suffix}` },
  ]);
  await signedIn(page, arranged.analyst);
  await page.goto(`/groups?q=${suffix}`);
  await rowOf(page, rule).getByRole("link", { name: rule }).click();
  await expect(page.getByRole("heading", { level: 1, name: rule })).toBeVisible();
  const groupUrl = page.url();

  const spread = page.getByRole("region", { name: "Spread" });
  const rowsOf = (caption: RegExp) => spread.getByRole("table", { name: caption }).getByRole("row");
  await expect(rowsOf(/^By namespace/)).toHaveCount(2);
  await expect(rowsOf(/^By namespace/).nth(1)).toHaveText(`paymentstriage-${suffix}4100.0%`);
  await expect(rowsOf(/^By host/)).toHaveCount(3);
  await expect(rowsOf(/^By host/).nth(1)).toHaveText(`${hostA}375.0%`);
  await expect(rowsOf(/^By host/).nth(2)).toHaveText(`${hostB}125.0%`);
  await expect(spread.getByRole("table", { name: /^By pod/ })).toContainText("All 2 pods, counted over all 4 alerts");
  await expect(rowsOf(/^By pod/).nth(1)).toHaveText(`${podA}375.0%`);
  await page.screenshot({ path: "e2e/artifacts/triage-spread.png", fullPage: true });

  // a pod: the group's alerts from it, and the way back to all of them
  await spread.getByRole("link", { name: podB }).click();
  await expect(page).toHaveURL(new RegExp(`/groups/\\d+\\?pod=${podB}$`));
  const alerts = page.getByRole("region", { name: "Alerts", exact: true });
  await expect(alerts).toContainText(`Only the alerts from pod ${podB}.`);
  await expect(alerts.getByRole("row")).toHaveCount(2);
  await expect(alerts.getByRole("row").nth(1)).toContainText(`from pod b ${suffix}`);
  await alerts.getByRole("link", { name: "All the group's alerts" }).click();
  await expect(alerts.getByRole("row")).toHaveCount(5);

  // a host and a namespace: the list filtered by them, the filter shown in the form
  await spread.getByRole("link", { name: hostB }).click();
  await expect(page).toHaveURL(new RegExp(`/groups\\?hostname=${hostB}$`));
  await expectRules(page, [rule], [rules.critical, rules.warning, rules.notice]);
  await expect(page.getByRole("form", { name: "Filters" }).getByLabel("Host", { exact: true })).toHaveValue(hostB);
  await page.goto(groupUrl);
  await spread.getByRole("link", { name: "payments" }).click();
  await expect(page).toHaveURL(new RegExp(`/groups\\?namespace=payments&cluster=triage-${suffix}$`));
  await expectRules(page, [rule, rules.critical, rules.warning, rules.notice], []);

  // the newest alert's fields that the list filters by
  await page.goto(groupUrl);
  const newest = page.getByRole("region", { name: "Newest alert" });
  const field = (name: string) => newest.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  await expect(field("output").getByRole("link")).toHaveCount(0);
  await field("tags").getByRole("link", { name: tag }).click();
  await expect(page).toHaveURL(new RegExp(`/groups\\?tag=${tag}$`));
  await expectRules(page, [rule], [rules.critical, rules.warning, rules.notice]);
  await page.goto(groupUrl);
  await field("rule").getByRole("link", { name: rule }).click();
  await expect(page).toHaveURL(new RegExp(`/groups\\?rule=Spread\\+${suffix}$`));
  await expectRules(page, [rule], [rules.critical, rules.warning, rules.notice]);
});
