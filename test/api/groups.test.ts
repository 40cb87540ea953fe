import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import { createTenant } from "@/lib/tenants/tenants";
import { regressionReason } from "@/lib/triage/transitions";
import { createUser } from "@/lib/users/users";
import { startFalconryOn, type FalconryProcess } from "@/test/helpers/falconry-process";
import { alertLike } from "@/test/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * The triage API over real HTTP, with a personal API token, against alerts ingested through the
 * ingest API: list and page, change status by filter, notes, and a regression reopening a group.
 * Who may do what on which tenant is test/api/isolation-matrix.test.ts's.
 */

let database: TestDatabase;
let falconry: FalconryProcess;
let baseUrl: string;
let token: string;
let ingestToken: string;
const groupCount = 5;

interface Item {
  id: string;
  tenant: string | null;
  cluster: string | null;
  namespace: string | null;
  rule: string;
  priority: string;
  status: string;
  statusReason: string | null;
  count: string;
  firstSeen: string;
  lastSeen: string;
  assignee: string | null;
  identity: Record<string, string | null>;
  periodCount: string;
  sparkline: { from: string; to: string; bucketHours: number; counts: number[] };
}

function alertOf(index: number, minute: number) {
  return JSON.parse(
    alertLike("falcosidekick-webhook.json", { uuid: crypto.randomUUID(), time: `2026-11-25T10:${String(minute).padStart(2, "0")}:00.000000000Z` }, {
      "k8s.ns.name": "shop",
      "proc.exepath": `/bin/g-${index}`,
    }),
  ) as unknown;
}

async function ingest(alerts: unknown[]) {
  const answer = await fetch(`${baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ingestToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(alerts),
  });
  expect(answer.status).toBe(200);
}

function api(method: string, path: string, body?: unknown) {
  return fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db, sql } = database;
  await createTenant(db, sql, operatorActor, { slug: "shop", name: "Shop", namespaces: "api/shop" });
  await createUser(db, operatorActor, { email: "analyst@shop.example", role: "analyst", tenants: ["shop"], password: "a long password" });
  token = (await createApiToken(db, operatorActor, { email: "analyst@shop.example" })).token;
  await createCluster(db, operatorActor, { name: "api" });
  ingestToken = (await createIngestToken(db, operatorActor, { clusterName: "api" })).token;

  ({ falconry, baseUrl } = await startFalconryOn(database.url));
  // group i receives i + 1 alerts, the last at minute i
  await ingest(Array.from({ length: groupCount }, (_, i) => Array.from({ length: i + 1 }, (_, n) => alertOf(i, n))).flat());
}, 240_000);

afterAll(async () => {
  await falconry?.interrupt();
  await database?.drop();
});

async function groupOf(index: number): Promise<Item> {
  const { items } = await json<{ items: Item[] }>(await api("GET", `/api/v1/groups?q=/bin/g-${index}`));
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe("GET /api/v1/groups", () => {
  it("answers pages of groups, newest first, each page from the previous one's cursor", async () => {
    const seen: Item[] = [];
    let path = "/api/v1/groups?limit=2&tenant=shop";
    for (;;) {
      const page = await json<{ items: Item[]; nextCursor: string | null }>(await api("GET", path));
      seen.push(...page.items);
      if (!page.nextCursor) break;
      path = `/api/v1/groups?limit=2&tenant=shop&cursor=${page.nextCursor}`;
    }
    expect(seen.map((g) => g.identity.executable)).toEqual(["/bin/g-4", "/bin/g-3", "/bin/g-2", "/bin/g-1", "/bin/g-0"]);
    expect(seen[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      tenant: "shop",
      segment: "tenant",
      cluster: "api",
      namespace: "shop",
      rule: "Read sensitive file untrusted",
      source: "syscall",
      identity: { "container.image.repository": "docker.io/library/nginx", executable: "/bin/g-4" },
      priority: "warning",
      status: "open",
      statusReason: null,
      statusChangedAt: null,
      regressedAt: null,
      assignee: null,
      count: "5",
      firstSeen: "2026-11-25T10:00:00.000000Z",
      lastSeen: "2026-11-25T10:04:00.000000Z",
      periodCount: "0",
      sparkline: { from: expect.any(String), to: expect.any(String), bucketHours: 1, counts: Array.from({ length: 24 }, () => 0) },
    });
  });

  it("counts each group's alerts in since/until by whole hours, with a sparkline", async () => {
    const { items } = await json<{ items: Item[] }>(await api("GET", "/api/v1/groups?q=/bin/g-4&since=2026-11-25T09:30:00Z&until=2026-11-25T10:05:00Z"));
    expect(items).toEqual([
      expect.objectContaining({ periodCount: "5", sparkline: { from: "2026-11-25T09:00:00.000Z", to: "2026-11-25T11:00:00.000Z", bucketHours: 1, counts: [0, 5] } }),
    ]);
  });

  it("sorts by count, takes several statuses, and refuses bad parameters with what is wrong", async () => {
    const byCount = await json<{ items: Item[] }>(await api("GET", "/api/v1/groups?sort=count&status=open&status=acknowledged"));
    expect(byCount.items.map((g) => g.count)).toEqual(["5", "4", "3", "2", "1"]);
    expect(await json(await api("GET", "/api/v1/groups?limit=500"), 400)).toEqual({ error: "limit: at most 200" });
    expect(await json(await api("GET", "/api/v1/groups?cursor=nonsense"), 400)).toEqual({
      error: "cursor: not a cursor of this list (sorted by lastSeen); start again without one",
    });
  });
});

describe("GET /api/v1/groups/count", () => {
  it("counts the groups a bulk update by the same filter would touch, and refuses what is not a filter", async () => {
    expect(await json(await api("GET", "/api/v1/groups/count?tenant=shop"))).toEqual({ count: groupCount, isCapped: false, isEstimate: false, cap: 10_000 });
    expect(await json(await api("GET", "/api/v1/groups/count?q=/bin/g-1&status=open,acknowledged"))).toEqual({ count: 1, isCapped: false, isEstimate: false, cap: 10_000 });
    expect(await json(await api("GET", "/api/v1/groups/count?priority=emergency"))).toEqual({ count: 0, isCapped: false, isEstimate: false, cap: 10_000 });
    expect(await json(await api("GET", "/api/v1/groups/count?priority=urgent"), 400)).toEqual({
      error: "priority: one of debug, informational, notice, warning, error, critical, alert, emergency",
    });
    // a page's sort and cursor are not part of what an update touches
    expect((await api("GET", "/api/v1/groups/count?sort=count")).status).toBe(400);
  });
});

describe("triage over the API", () => {
  it("resolves by filter, then reopens the group when a new alert arrives, with both in its history", async () => {
    const result = await json(await api("PATCH", "/api/v1/groups", { filter: { tenant: "shop", q: "/bin/g-1" }, set: { status: "resolved", reason: "patched" } }));
    expect(result).toEqual({ updated: 1, unchanged: 0, skipped: [] });
    const resolved = await groupOf(1);
    expect(resolved).toMatchObject({ status: "resolved", statusReason: "patched" });

    await ingest([alertOf(1, 30)]);
    const group = await json<Item & { history: Array<{ actor: string; action: string }> }>(await api("GET", `/api/v1/groups/${resolved.id}`));
    expect(group).toMatchObject({ status: "open", statusReason: regressionReason, count: "3", regressedAt: expect.any(String) });
    expect(group.history.map((h) => [h.actor, h.action])).toEqual([
      ["analyst@shop.example", "group.update"],
      ["falconry (regression)", "group.regress"],
    ]);
  });

  it("skips a change the workflow does not allow, saying why, and refuses bodies that are not JSON", async () => {
    const { id } = await groupOf(2);
    expect(await json(await api("PATCH", "/api/v1/groups", { ids: [id], set: { status: "false_positive" } }))).toEqual({
      updated: 0,
      unchanged: 0,
      skipped: [{ id, error: "reason: required to mark a group false_positive" }],
    });
    expect(await json(await api("PATCH", "/api/v1/groups", "{"), 400)).toEqual({ error: "body: not valid JSON" });
    expect((await groupOf(2)).status).toBe("open");
  });

  it("answers a group with its spread over namespaces, hosts and pods", async () => {
    const { id } = await groupOf(2);
    const group = await json<{ spread: unknown }>(await api("GET", `/api/v1/groups/${id}`));
    expect(group.spread).toEqual({
      total: "3",
      namespaces: { distinct: 1, items: [{ cluster: "api", namespace: "shop", count: "3", share: 1 }] },
      hosts: { distinct: 1, items: [{ hostname: "ip-10-0-3-17", count: "3", share: 1 }] },
      pods: { distinct: 1, sampled: 3, isPartial: false, items: [{ pod: "checkout-web-5d8f7-abcde", count: "3", share: 1 }] },
    });
  });

  it("adds notes with 201, shown on the group with their author, and refuses an empty one", async () => {
    const { id } = await groupOf(3);
    const note = await json<{ id: string; author: string; body: string }>(await api("POST", `/api/v1/groups/${id}/notes`, { body: "owner paged" }), 201);
    expect(note).toMatchObject({ author: "analyst@shop.example", body: "owner paged" });
    expect(await json(await api("POST", `/api/v1/groups/${id}/notes`, { body: "" }), 400)).toEqual({ error: "body: must not be empty" });
    // text PostgreSQL cannot store, in a note or a bulk action's reason: a 400 naming it, not a 500
    expect(await json(await api("POST", `/api/v1/groups/${id}/notes`, { body: "owner\u0000paged" }), 400)).toEqual({ error: "body: must not contain NUL characters" });
    expect(await json(await api("PATCH", "/api/v1/groups", { ids: [id], set: { status: "resolved", reason: "fixed\u0000" } }), 400)).toEqual({
      error: "set.reason: must not contain NUL characters",
    });
    const group = await json<{ notes: unknown[] }>(await api("GET", `/api/v1/groups/${id}`));
    expect(group.notes).toEqual([note]);
  });
});

// Last: it adds a group to the tenant the tests above count.
describe("the list's default period", () => {
  it("counts the last 24 hours' alerts, sent now, in the hours they happened", async () => {
    const hourAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const recent = (time: string) => JSON.parse(alertLike("falcosidekick-webhook.json", { uuid: crypto.randomUUID(), time }, { "k8s.ns.name": "shop", "proc.exepath": "/bin/recent" }));
    await ingest([recent(hourAgo(5)), recent(hourAgo(5)), recent(hourAgo(0))]);
    const [group] = (await json<{ items: Item[] }>(await api("GET", "/api/v1/groups?q=/bin/recent"))).items;
    expect(group?.periodCount).toBe("3");
    expect(group?.sparkline.counts).toHaveLength(24);
    expect(group?.sparkline.counts.reduce((a, b) => a + b)).toBe(3);
    expect(Date.parse(group!.sparkline.to) - Date.parse(group!.sparkline.from)).toBe(24 * 3_600_000);
  });
});
