import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser } from "@/lib/users/users";
import { startFalconryOn, type FalconryProcess } from "@/test/helpers/falconry-process";
import { fixture } from "@/test/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * GET /api/v1/alerts and GET /api/v1/export over real HTTP with a personal API token, against
 * alerts ingested through the ingest API: fields exactly as they arrived (19-digit integers, nine
 * fractional digits), keyset pages, and streamed exports with no cap and formulas neutralised.
 */

let database: TestDatabase;
let falconry: FalconryProcess;
let baseUrl: string;
let token: string;
const shopAlerts = 1_200; // more than an export's batch of 500

/** The fixture as text (its 19-digit evt.time kept exact), for namespace `ns`, at second `second`. */
function alertText(ns: string, second: number, output: string): string {
  const time = `2026-11-25T09:${String(Math.floor(second / 60) % 60).padStart(2, "0")}:${String(second % 60).padStart(2, "0")}.100200300Z`;
  return fixture("falcosidekick-webhook.json")
    .replace(/"uuid":"[^"]+"/, `"uuid":"${crypto.randomUUID()}"`)
    .replace(/"output":"[^"]+"/, `"output":${JSON.stringify(output)}`)
    .replace(/"time":"[^"]+"/, `"time":"${time}"`)
    .replace('"k8s.ns.name":"checkout"', `"k8s.ns.name":"${ns}"`);
}

async function ingest(ingestToken: string, alerts: string[]) {
  const answer = await fetch(`${baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ingestToken}`, "Content-Type": "application/json" },
    body: `[${alerts.join(",")}]`,
  });
  expect(answer.status).toBe(200);
}

const get = (path: string) => fetch(baseUrl + path, { headers: { Authorization: `Bearer ${token}` } });

beforeAll(async () => {
  database = await createTestDatabase();
  const { db, sql } = database;
  await createTenant(db, sql, operatorActor, { slug: "shop", name: "Shop", namespaces: "exp/shop" });
  await createTenant(db, sql, operatorActor, { slug: "bank", name: "Bank", namespaces: "exp/bank" });
  await createUser(db, operatorActor, { email: "analyst@shop.example", role: "analyst", tenants: ["shop"], password: "a long password" });
  token = (await createApiToken(db, operatorActor, { email: "analyst@shop.example" })).token;
  await createCluster(db, operatorActor, { name: "exp" });
  const ingestToken = (await createIngestToken(db, operatorActor, { clusterName: "exp" })).token;

  ({ falconry, baseUrl } = await startFalconryOn(database.url));
  const shop = Array.from({ length: shopAlerts }, (_, i) => alertText("shop", i, i === 0 ? '=HYPERLINK("http://evil.example","open me")' : `alert ${i}, "quoted"`));
  for (let start = 0; start < shop.length; start += 500) await ingest(ingestToken, shop.slice(start, start + 500));
  await ingest(ingestToken, [alertText("bank", 5, "a bank secret")]);
}, 240_000);

afterAll(async () => {
  await falconry?.interrupt();
  await database?.drop();
});

interface Alert {
  id: string;
  tenant: string | null;
  time: string;
  output: string;
  outputFields: Record<string, unknown>;
}

describe("GET /api/v1/alerts", () => {
  it("shows each alert's fields exactly as they arrived", async () => {
    const answer = await get("/api/v1/alerts?limit=1");
    expect(answer.status).toBe(200);
    const text = await answer.text();
    // parsed into a number, 1795771244100200300 would read 1795771244100200200
    expect(text).toMatch(/"evt\.time": ?1795771244100200300[,}]/);
    const [alert] = (JSON.parse(text) as { items: Alert[] }).items;
    expect(alert).toMatchObject({ tenant: "shop", time: "2026-11-25T09:19:59.100200300Z" });
  });

  it("pages newest first by cursor, every alert once, and only the caller's tenant", async () => {
    const ids = new Set<string>();
    let path = "/api/v1/alerts?limit=500";
    for (;;) {
      const page = (await (await get(path)).json()) as { items: Alert[]; nextCursor: string | null };
      for (const alert of page.items) {
        expect(alert.tenant).toBe("shop");
        ids.add(alert.id);
      }
      if (!page.nextCursor) break;
      path = `/api/v1/alerts?limit=500&cursor=${page.nextCursor}`;
    }
    expect(ids.size).toBe(shopAlerts);
  });

  it("filters by pod, the alerts' own (the group page's spread links there)", async () => {
    const page = (await (await get("/api/v1/alerts?pod=checkout-web-5d8f7-abcde&limit=5")).json()) as { items: Alert[] };
    expect(page.items).toHaveLength(5);
    expect(page.items.map((alert) => [alert.tenant, alert.outputFields["k8s.pod.name"]])).toEqual(Array.from({ length: 5 }, () => ["shop", "checkout-web-5d8f7-abcde"]));
    expect(await (await get("/api/v1/alerts?pod=no-such-pod")).json()).toEqual({ items: [], nextCursor: null });
  });

  it("answers bad filters and other tenants clearly", async () => {
    expect(await (await get("/api/v1/alerts?priority=loud")).json()).toEqual({ error: expect.stringMatching(/^priority: one of debug/) });
    const emptyPod = await get("/api/v1/alerts?pod=%20");
    expect([emptyPod.status, await emptyPod.json()]).toEqual([400, { error: "pod: must not be empty" }]);
    for (const path of ["/api/v1/alerts?group=9999999999999999999", "/api/v1/export?format=csv&group=9999999999999999999"]) {
      const beyondBigint = await get(path); // 19 digits, but more than PostgreSQL's bigint holds
      expect([beyondBigint.status, await beyondBigint.json()]).toEqual([400, { error: "group: a group id" }]);
    }
    expect(await (await get("/api/v1/alerts?cursor=garbage")).json()).toEqual({ error: "cursor: not a cursor of this list; start again without one" });
    // shaped like a cursor, but holding what PostgreSQL refuses
    const cursors = [
      { time: "2026-11-25T09:00:00.000000Z", id: "9999999999999999999" },
      { time: "0000-01-01T00:00:00.000000Z", id: "1" },
      { time: "2026-13-45T09:00:00.000000Z", id: "1" },
    ];
    for (const cursor of cursors) {
      const refused = await get(`/api/v1/alerts?cursor=${Buffer.from(JSON.stringify(cursor)).toString("base64url")}`);
      expect([refused.status, await refused.json()]).toEqual([400, { error: "cursor: not a cursor of this list; start again without one" }]);
    }
    // times validation let through and PostgreSQL refused: before the export's first byte too
    for (const path of ["/api/v1/alerts?since=999999d", "/api/v1/export?format=csv&since=999999d"]) {
      const tooFarBack = await get(path);
      expect([tooFarBack.status, await tooFarBack.json()]).toEqual([400, { error: "since: a duration ago reaching no further back than the year 0001" }]);
    }
    const refusedTimes = {
      "until=0000-01-01T00:00:00Z": "until: a time from 0001-01-01T00:00Z to 9999-12-31T00:00Z",
      "since=0001-01-01T00:00:00%2B01:00": "since: a time from 0001-01-01T00:00Z to 9999-12-31T00:00Z", // year 0 in UTC
      "until=2026-11-25T10:00:00%2B23:59": "until: a UTC offset within ±15:59",
    };
    for (const [query, error] of Object.entries(refusedTimes)) {
      const refused = await get(`/api/v1/alerts?${query}`);
      expect([refused.status, await refused.json()]).toEqual([400, { error }]);
    }
    const nul = await get("/api/v1/alerts?q=a%00b");
    expect([nul.status, await nul.json()]).toEqual([400, { error: "q: must not contain NUL characters" }]);
    for (const path of ["/api/v1/tenants/sh%00op", "/api/v1/tenants/sh%00op/alerts", "/api/v1/tenants/sh%00op/overview"]) {
      const nul = await get(path); // no slug holds one: missing, as PostgreSQL cannot even look
      expect([nul.status, await nul.json()]).toEqual([404, { error: 'tenant: no tenant "sh\u0000op"' }]);
    }
    const other = await get("/api/v1/alerts?tenant=bank");
    expect([other.status, await other.json()]).toEqual([404, { error: 'tenant: no tenant "bank"' }]);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("describes the API to anyone, these routes included", async () => {
    const answer = await fetch(`${baseUrl}/api/v1/openapi.json`);
    expect(answer.status).toBe(200);
    const document = (await answer.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/api/v1/alerts", "/api/v1/export", "/api/v1/groups"]));
  });
});

describe("GET /api/v1/export", () => {
  it("streams every matching alert as CSV, formulas neutralised, quotes escaped", async () => {
    const answer = await get("/api/v1/export?format=csv");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toMatch(/^attachment; filename="falconry-alerts-.*\.csv"$/);
    const lines = (await answer.text()).split("\r\n").filter((line) => line !== "");
    expect(lines[0]).toBe("id,time,tenant,cluster,namespace,hostname,priority,rule,source,output,group,tags,output_fields");
    expect(lines).toHaveLength(1 + shopAlerts);
    const oldest = lines.at(-1)!;
    expect(oldest).toContain(`"'=HYPERLINK(""http://evil.example"",""open me"")"`);
    expect(lines[1]).toContain('"alert 1199, ""quoted"""');
    expect(lines.join("\n")).not.toContain("a bank secret");
  });

  it("streams NDJSON, one exact alert a line, with the filters of the list", async () => {
    const answer = await get("/api/v1/export?format=ndjson&q=HYPERLINK");
    expect(answer.headers.get("content-type")).toBe("application/x-ndjson");
    const [audited] = await database.sql`SELECT after FROM audit_events WHERE action = 'alerts.export' ORDER BY id DESC LIMIT 1`;
    expect(audited?.after).toEqual({ format: "ndjson", filter: expect.objectContaining({ q: "HYPERLINK" }) });
    const text = await answer.text();
    const lines = text.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/"evt\.time": ?1795771244100200300[,}]/);
    expect((await (await get("/api/v1/export?format=ndjson")).text()).split("\n").filter(Boolean)).toHaveLength(shopAlerts);
  });

  it("refuses a missing format or another tenant before streaming anything", async () => {
    expect(await (await get("/api/v1/export")).json()).toEqual({ error: "format: csv or ndjson" });
    expect((await get("/api/v1/export?format=csv&tenant=bank")).status).toBe(404);
  });
});
