import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser } from "@/lib/users/users";
import { alertLike } from "@/test/helpers/fixtures";
import { startFalconryOn, type FalconryProcess } from "@/test/helpers/falconry-process";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * Suppression rules over real HTTP against a running Falconry: alerts go in through the ingest API,
 * rules through /api/v1/suppressions, and what they did is read back through the API and the
 * database.
 */

let database: TestDatabase;
let falconry: FalconryProcess;
let baseUrl: string;
let ingestToken: string;
const tokens: Record<"analyst" | "admin" | "viewer", string> = { analyst: "", admin: "", viewer: "" };
const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
let sent = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db, sql } = database;
  await createCluster(db, operatorActor, { name: "supp" });
  ingestToken = (await createIngestToken(db, operatorActor, { clusterName: "supp" })).token;
  await createTenant(db, sql, operatorActor, { slug: "web", name: "Web", namespaces: "supp/web" });
  await createTenant(db, sql, operatorActor, { slug: "pay", name: "Pay", namespaces: "supp/pay" });
  for (const [who, role] of [["analyst", "analyst"], ["admin", "admin"], ["viewer", "viewer"]] as const) {
    const email = `${who}@supp.example`;
    await createUser(db, operatorActor, { email, role, tenants: role === "admin" ? [] : ["web"], allTenants: role === "admin", password: "a long password" });
    tokens[who] = (await createApiToken(db, operatorActor, { email })).token;
  }
  ({ falconry, baseUrl } = await startFalconryOn(database.url));
}, 240_000);

afterAll(async () => {
  await falconry?.interrupt();
  await database?.drop();
});

async function api(who: keyof typeof tokens, method: string, path: string, body?: unknown) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: string } };
}

/** Sends alerts of `proc.name` in `namespace` through the ingest API. */
async function ingest(namespace: string, procNames: string[]) {
  const alerts = procNames.map((name) =>
    JSON.parse(alertLike("falco-http-output.json", { output: `alert ${++sent}`, time: new Date(Date.now() - 1000 * sent).toISOString() }, { "k8s.ns.name": namespace, "proc.name": name })),
  );
  const response = await fetch(`${baseUrl}/api/v1/ingest`, { method: "POST", headers: { Authorization: `Bearer ${ingestToken}` }, body: JSON.stringify(alerts) });
  expect(response.status).toBe(200);
}

const aptGet = [{ field: "proc.name", op: "=", value: "apt-get" }];

describe("suppression rules", () => {
  it("are previewed against history, with numbers per tenant and samples, then saved and applied at ingest", async () => {
    await ingest("web", ["apt-get", "apt-get", "bash"]);
    // complete: exact figures, however busy the machine (a quick preview may count the last hour only)
    const preview = await api("analyst", "POST", "/api/v1/suppressions/preview", { matchers: aptGet, tenants: ["web"], complete: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ alerts: 2, groups: 1, total: 3, complete: true, byTenant: [{ tenant: "web", alerts: 2, groups: 1 }] });
    expect(preview.body.samples).toHaveLength(2);

    const created = await api("analyst", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["web"], comment: "nightly patching", endsAt: nextWeek });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, tenants: ["web"], mode: "enforce", isActive: true, createdBy: "analyst@supp.example", resolvedGroups: 0 });
    const id = created.body.id as string;

    await ingest("web", ["apt-get", "bash"]);
    const hidden = await api("analyst", "GET", "/api/v1/alerts?tenant=web");
    expect((hidden.body.items as Array<{ suppressedBy: string | null }>).every((a) => a.suppressedBy === null)).toBe(true);
    const only = await api("analyst", "GET", "/api/v1/alerts?tenant=web&suppressed=only");
    expect((only.body.items as Array<{ suppressedBy: string | null }>).map((a) => a.suppressedBy)).toEqual([id]);
    // its group (shell alerts of one image) still shows: the others of its alerts are not suppressed
    expect(await database.sql`SELECT count::int, suppressed_count::int AS suppressed FROM alert_groups WHERE suppressed_count > 0`).toEqual([{ count: 5, suppressed: 1 }]);
    // hits reach the database once a second (lib/suppressions/hit-counter.ts): more than the default 1 s of polling
    await expect.poll(async () => (await api("analyst", "GET", `/api/v1/suppressions/${id}`)).body.hitCount, { timeout: 10_000 }).toBe("1");

    const expired = await api("analyst", "PATCH", `/api/v1/suppressions/${id}`, { action: "expire" });
    expect(expired.body).toMatchObject({ isActive: false });
    await ingest("web", ["apt-get"]);
    expect(await database.sql`SELECT count(*)::int AS n FROM alerts WHERE suppressed_by IS NOT NULL`).toEqual([{ n: 1 }]);

    const rule = await api("viewer", "GET", `/api/v1/suppressions/${id}`);
    expect(rule.body).toMatchObject({ versions: [{ version: 1, comment: "nightly patching" }] });
    expect((rule.body.history as Array<{ action: string }>).map((h) => h.action)).toEqual(["suppression.expire", "suppression.create"]);
  });

  it("never reopens a resolved group for a suppressed alert, and hides groups whose alerts are all suppressed", async () => {
    await ingest("web", ["curl"]);
    const rule = await api("admin", "POST", "/api/v1/suppressions", {
      matchers: [{ field: "proc.name", op: "=", value: "curl" }],
      tenants: "all",
      comment: "health checks",
      endsAt: null,
      applyToExisting: true,
    });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ tenants: "all", endsAt: null, resolvedGroups: 1 });
    const [group] = await database.sql<{ id: string; status: string; reason: string }[]>`
      SELECT g.id::text, g.status::text, g.status_reason AS reason FROM alert_groups g JOIN alerts a ON a.group_id = g.id
      WHERE a.proc_name = 'curl' LIMIT 1`;
    expect(group).toMatchObject({ status: "resolved", reason: `suppressed by rule #${rule.body.id}` });

    await ingest("web", ["curl"]);
    expect(await database.sql`SELECT status::text FROM alert_groups WHERE id = ${group!.id}`).toEqual([{ status: "resolved" }]);
    await database.sql`UPDATE alert_groups SET status = 'open' WHERE id = ${group!.id}`;
    const listed = async (suppressed?: string) =>
      ((await api("admin", "GET", `/api/v1/groups?tenant=web${suppressed ? `&suppressed=${suppressed}` : ""}`)).body.items as Array<{ id: string }>).map((g) => g.id);
    // one of its two alerts came before the rule: it still shows
    expect(await listed()).toContain(group!.id);
    await database.sql`UPDATE alerts SET suppressed_by = ${rule.body.id as string} WHERE group_id = ${group!.id}`;
    await database.sql`UPDATE alert_groups SET suppressed_count = count WHERE id = ${group!.id}`;
    expect(await listed()).not.toContain(group!.id);
    expect(await listed("only")).toContain(group!.id);

    // expiring it with `reopen` reopens what saving it resolved
    await database.sql`UPDATE alert_groups SET status = 'resolved', status_reason = ${`suppressed by rule #${rule.body.id}`} WHERE id = ${group!.id}`;
    const expired = await api("admin", "PATCH", `/api/v1/suppressions/${rule.body.id}`, { action: "expire", reopen: true });
    expect(expired.body).toMatchObject({ reopenedGroups: 1 });
    const reactivated = await api("admin", "PATCH", `/api/v1/suppressions/${rule.body.id}`, { action: "reactivate", endsAt: nextWeek });
    expect(reactivated.body).toMatchObject({ isActive: true, endsAt: nextWeek });
  });

  it("keeps every version when matchers change", async () => {
    const created = await api("analyst", "POST", "/api/v1/suppressions", { matchers: [{ field: "proc.name", op: "=", value: "bash" }], tenants: ["web"], comment: "v1", endsAt: nextWeek });
    const id = created.body.id as string;
    const edited = await api("analyst", "PATCH", `/api/v1/suppressions/${id}`, { action: "edit", matchers: [{ field: "proc.name", op: "in", value: ["bash", "sh"] }], comment: "v2" });
    expect(edited.body).toMatchObject({ version: 2, comment: "v2", matchers: [{ field: "proc.name", op: "in", value: ["bash", "sh"] }] });
    const rule = await api("analyst", "GET", `/api/v1/suppressions/${id}`);
    expect((rule.body.versions as Array<{ version: number; comment: string }>).map((v) => [v.version, v.comment])).toEqual([[2, "v2"], [1, "v1"]]);
  });

  it("makes no version, and writes no audit row, for an edit that changes nothing", async () => {
    const created = await api("analyst", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["web"], comment: "same", endsAt: nextWeek, confirm: true });
    const path = `/api/v1/suppressions/${created.body.id}`;
    const audited = async () => (await database.sql`SELECT count(*)::int AS n FROM audit_events WHERE object_id = ${created.body.id as string}`)[0]!.n as number;
    const before = await audited();
    for (const body of [{}, { comment: "same" }, { matchers: aptGet, tenants: ["web"], mode: "enforce", endsAt: nextWeek }]) {
      const again = await api("analyst", "PATCH", path, { action: "edit", ...body });
      expect(again, JSON.stringify(body)).toMatchObject({ status: 200, body: { version: 1, comment: "same", endsAt: nextWeek, unchanged: true } });
    }
    expect(await audited()).toBe(before);
    expect((await api("analyst", "GET", path)).body).toMatchObject({ versions: [{ version: 1 }] });
    expect(await api("analyst", "PATCH", path, { action: "edit", comment: "changed" })).toMatchObject({ status: 200, body: { version: 2, unchanged: false } });
  });

  it("numbers edits made at once one after the other", async () => {
    const created = await api("analyst", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["web"], comment: "v1", endsAt: nextWeek, confirm: true });
    const path = `/api/v1/suppressions/${created.body.id}`;
    const comments = ["a", "b", "c", "d", "e"];
    const answers = await Promise.all(comments.map((comment) => api("analyst", "PATCH", path, { action: "edit", comment })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.body.version as number).sort()).toEqual([2, 3, 4, 5, 6]);
    const versions = (await api("analyst", "GET", path)).body.versions as Array<{ version: number }>;
    expect(versions.map((v) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it("asks for confirmation of a rule that matches nothing, or every alert of its tenants", async () => {
    const nothing = await api("analyst", "POST", "/api/v1/suppressions", { matchers: [{ field: "proc.name", op: "=", value: "never-seen" }], tenants: ["web"], comment: "x", endsAt: nextWeek });
    expect(nothing).toMatchObject({ status: 409, body: { error: expect.stringMatching(/^confirm: this rule matches no alert since /) } });
    const everything = await api("analyst", "POST", "/api/v1/suppressions", { matchers: [{ field: "namespace", op: "=", value: "web" }], tenants: ["web"], comment: "x", endsAt: nextWeek });
    expect(everything).toMatchObject({ status: 409, body: { error: expect.stringMatching(/^confirm: this rule matches every alert of its tenants/) } });
    const confirmed = await api("analyst", "POST", "/api/v1/suppressions", { matchers: [{ field: "proc.name", op: "=", value: "never-seen" }], tenants: ["web"], comment: "x", endsAt: nextWeek, confirm: true });
    expect(confirmed.status).toBe(201);
  });

  it("refuses what the caller may not do, and bad input, naming the field and writing nothing", async () => {
    const count = async () => (await database.sql`SELECT count(*)::int AS n FROM suppression_rules`)[0]!.n as number;
    const before = await count();
    const rule = { matchers: aptGet, tenants: ["web"], comment: "x", endsAt: nextWeek, confirm: true };
    const cases: Array<[keyof typeof tokens, unknown, number, string | RegExp]> = [
      ["analyst", { ...rule, tenants: "all" }, 403, "tenants: only administrators may suppress across all tenants; name your tenants"],
      ["analyst", { ...rule, endsAt: null }, 403, "endsAt: only administrators may suppress forever; give an end time"],
      ["analyst", { ...rule, tenants: ["pay"] }, 404, 'tenants: no tenant "pay"'],
      ["viewer", rule, 403, "role: viewers may not do this"],
      ["analyst", { ...rule, comment: " " }, 400, "comment: required: why these alerts are noise"],
      ["analyst", { ...rule, endsAt: "2000-01-01T00:00:00Z" }, 400, "endsAt: must be in the future"],
      ["analyst", { ...rule, matchers: [{ field: "proc.name", op: "=~", value: "(a)\\1" }] }, 400, /^matchers\[0\]\.value: not a valid RE2 regular expression/],
      ["analyst", { ...rule, matchers: [{ field: "proc.name", op: "in", value: "x" }] }, 400, "matchers[0].value: in takes a list of values"],
    ];
    for (const [who, body, status, error] of cases) {
      const answer = await api(who, "POST", "/api/v1/suppressions", body);
      expect([answer.status, answer.body.error], JSON.stringify(body)).toEqual([status, typeof error === "string" ? error : expect.stringMatching(error)]);
    }
    expect(await count()).toBe(before);
  });

  it("lets an analyst change only rules of tenants they all see, and shows them no other tenant's id", async () => {
    const shared = await api("admin", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["web", "pay"], comment: "shared", endsAt: nextWeek, confirm: true });
    const everyone = await api("admin", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: "all", comment: "everyone", endsAt: nextWeek, confirm: true });
    const before = await database.sql`SELECT id, version, comment, ends_at FROM suppression_rules ORDER BY id`;
    for (const [rule, error] of [
      [shared, "tenants: this rule also applies to tenants you do not see"],
      [everyone, "tenants: only administrators may change a rule for all tenants"],
    ] as const) {
      for (const body of [{ action: "expire" }, { action: "edit", comment: "mine now" }]) {
        expect(await api("analyst", "PATCH", `/api/v1/suppressions/${rule.body.id}`, body)).toEqual({ status: 403, body: { error } });
      }
    }
    expect(await database.sql`SELECT id, version, comment, ends_at FROM suppression_rules ORDER BY id`).toEqual(before);

    const seen = await api("analyst", "GET", `/api/v1/suppressions/${shared.body.id}`);
    expect(seen.body).toMatchObject({ tenants: ["web"] });
    const [payId] = await database.sql<{ id: string }[]>`SELECT id FROM tenants WHERE slug = 'pay'`;
    expect(JSON.stringify(seen.body)).not.toContain(payId!.id);
    expect(seen.body.history).toEqual([expect.objectContaining({ action: "suppression.create", after: expect.objectContaining({ tenants: ["web"] }) })]);
  });

  it("lets an analyst change what an administrator's forever rule hides only by giving it an end", async () => {
    const forever = await api("admin", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["web"], comment: "known job", endsAt: null, confirm: true });
    const path = `/api/v1/suppressions/${forever.body.id}`;
    const widened = await api("analyst", "PATCH", path, { action: "edit", matchers: [{ field: "rule", op: "exists" }] });
    expect(widened).toEqual({ status: 403, body: { error: "endsAt: only administrators may suppress forever; give this rule an end time to change what it hides" } });
    expect(await api("analyst", "PATCH", path, { action: "edit", comment: "the nightly job" })).toMatchObject({ status: 200, body: { version: 2, endsAt: null } });
    // what it hides sent back as it is, as a form does, changes nothing it hides
    const reworded = await api("analyst", "PATCH", path, { action: "edit", matchers: aptGet, tenants: ["web", "web"], mode: "enforce", comment: "the nightly apt job" });
    expect(reworded).toMatchObject({ status: 200, body: { version: 3, endsAt: null, comment: "the nightly apt job" } });
    const shadowed = await api("analyst", "PATCH", path, { action: "edit", matchers: aptGet, mode: "shadow" });
    expect(shadowed).toEqual({ status: 403, body: { error: "endsAt: only administrators may suppress forever; give this rule an end time to change what it hides" } });
    const ended = await api("analyst", "PATCH", path, { action: "edit", matchers: [{ field: "rule", op: "exists" }], endsAt: nextWeek });
    expect(ended).toMatchObject({ status: 200, body: { version: 4, endsAt: nextWeek } });
  });

  it("edits an expired rule's comment without asking for a new end, and refuses a shadow rule that would resolve groups", async () => {
    const created = await api("analyst", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["web"], comment: "old", endsAt: nextWeek, confirm: true });
    await api("analyst", "PATCH", `/api/v1/suppressions/${created.body.id}`, { action: "expire" });
    const edited = await api("analyst", "PATCH", `/api/v1/suppressions/${created.body.id}`, { action: "edit", comment: "why it was needed" });
    expect(edited.body).toMatchObject({ version: 2, comment: "why it was needed", isActive: false });

    const shadow = await api("analyst", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["web"], comment: "try", endsAt: nextWeek, mode: "shadow", applyToExisting: true });
    expect(shadow).toEqual({ status: 400, body: { error: "applyToExisting: a shadow rule only counts: it resolves no group" } });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const later = await api("analyst", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["web"], comment: "soon", startsAt: tomorrow, endsAt: nextWeek, applyToExisting: true });
    expect(later).toEqual({ status: 400, body: { error: "applyToExisting: a rule that starts later hides nothing yet: it resolves no group" } });
  });

  it("shows no version or change of a rule from when it applied only to tenants the reader does not see", async () => {
    const created = await api("admin", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["pay"], comment: "pay's own reasons", endsAt: nextWeek, confirm: true });
    const path = `/api/v1/suppressions/${created.body.id}`;
    await api("admin", "PATCH", path, { action: "edit", tenants: ["pay", "web"], comment: "shared now" });
    const seen = await api("analyst", "GET", path);
    expect(seen.body.versions).toEqual([expect.objectContaining({ version: 2, comment: "shared now" })]);
    expect(seen.body.history).toEqual([expect.objectContaining({ action: "suppression.edit" })]);
    expect(JSON.stringify(seen.body)).not.toContain("pay's own reasons");
    const admin = await api("admin", "GET", path);
    expect((admin.body.versions as unknown[]).length).toBe(2);
  });

  it("lists rules newest first, a page at a time, each rule once", async () => {
    for (let i = 0; i < 3; i++) {
      await api("admin", "POST", "/api/v1/suppressions", { matchers: aptGet, tenants: ["web"], comment: `page ${i}`, endsAt: nextWeek, confirm: true });
    }
    const whole = await api("admin", "GET", "/api/v1/suppressions?limit=1000");
    const ids = (whole.body.items as Array<{ id: string }>).map((rule) => rule.id);
    expect(whole.body.nextCursor).toBeNull();
    expect(ids).toEqual([...ids].sort((a, b) => Number(b) - Number(a)));

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api("admin", "GET", `/api/v1/suppressions?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      paged.push(...(page.body.items as Array<{ id: string }>).map((rule) => rule.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(paged).toEqual(ids);
    expect(await api("admin", "GET", "/api/v1/suppressions?cursor=last")).toEqual({ status: 400, body: { error: "cursor: a rule id from nextCursor" } });
  });

  it("exports rules as a Falco rules file, and says which cannot be", async () => {
    const exportable = await api("analyst", "POST", "/api/v1/suppressions", {
      matchers: [{ field: "rule", op: "=", value: "Terminal shell in container" }, { field: "namespace", op: "=", value: "web" }, { field: "proc.name", op: "=", value: "apt-get" }],
      tenants: ["web"],
      comment: "patching",
      endsAt: nextWeek,
      confirm: true,
    });
    const other = await api("analyst", "POST", "/api/v1/suppressions", { matchers: [{ field: "proc.name", op: "=~", value: "apt.*" }], tenants: ["web"], comment: "regex", endsAt: nextWeek, confirm: true });
    const response = await fetch(`${baseUrl}/api/v1/suppressions/export/falco?ids=${exportable.body.id},${other.body.id}`, { headers: { Authorization: `Bearer ${tokens.analyst}` } });
    expect(response.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    const file = await response.text();
    expect(file).toContain(`# Falconry suppression rule #${exportable.body.id} (version 1): patching`);
    expect(file).toContain('- rule: "Terminal shell in container"\n  exceptions:\n    - name: falconry_suppression_');
    expect(file).toContain('      fields: ["k8s.ns.name", "proc.name"]\n      comps: [=, =]\n      values:\n        - ["\\"web\\"", "\\"apt-get\\""]\n  override:\n    exceptions: append');
    expect(file).toContain(`# Falconry suppression rule #${other.body.id} (version 1): regex`);
    expect(file).toContain("# Not exported: it names no Falco rule (rule = or rule in).");
    const [audited] = await database.sql`SELECT actor_email, after FROM audit_events WHERE action = 'suppressions.export-falco'`;
    expect(audited).toEqual({ actor_email: "analyst@supp.example", after: { ids: [exportable.body.id, other.body.id] } });
  });

  it("exports a namespace matcher for a Kubernetes audit rule as the audit events' own field", async () => {
    const audit = JSON.parse(alertLike("falcosidekick-ui-envelope.json", {})) as { event: { output_fields: Record<string, unknown> } };
    audit.event.output_fields["ka.target.namespace"] = "web";
    const stored = await fetch(`${baseUrl}/api/v1/ingest`, { method: "POST", headers: { Authorization: `Bearer ${ingestToken}` }, body: JSON.stringify(audit) });
    expect(stored.status).toBe(200);
    const created = await api("analyst", "POST", "/api/v1/suppressions", {
      matchers: [{ field: "rule", op: "=", value: "Attach/Exec Pod" }, { field: "namespace", op: "=", value: "web" }],
      tenants: ["web"],
      comment: "kubectl exec by the on-call",
      endsAt: nextWeek,
      confirm: true,
    });
    const response = await fetch(`${baseUrl}/api/v1/suppressions/export/falco?ids=${created.body.id}`, { headers: { Authorization: `Bearer ${tokens.analyst}` } });
    expect(await response.text()).toContain('- rule: "Attach/Exec Pod"\n  exceptions:\n    - name: falconry_suppression_' + created.body.id + '\n      fields: ["ka.target.namespace"]');
  });
});
