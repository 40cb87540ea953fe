import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import { createTenant } from "@/lib/tenants/tenants";
import { maxStreamsPerPerson } from "@/lib/live/live-events";
import { createUser } from "@/lib/users/users";
import { startFalconryOn, type FalconryProcess } from "@/test/helpers/falconry-process";
import { alertLike } from "@/test/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/* GET /api/v1/events over real HTTP: told of alerts arriving in one's own scope, and of no others. */

let database: TestDatabase;
let falconry: FalconryProcess;
let baseUrl: string;
let token: string;
/** Another analyst's, whose streams no other test holds. */
let streamerToken: string;
let ingestToken: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db, sql } = database;
  await createTenant(db, sql, operatorActor, { slug: "alpha", name: "Alpha", namespaces: "live/alpha" });
  await createTenant(db, sql, operatorActor, { slug: "beta", name: "Beta", namespaces: "live/beta" });
  await createUser(db, operatorActor, { email: "analyst@alpha.example", role: "analyst", tenants: ["alpha"], password: "a long password" });
  token = (await createApiToken(db, operatorActor, { email: "analyst@alpha.example" })).token;
  await createUser(db, operatorActor, { email: "streamer@alpha.example", role: "analyst", tenants: ["alpha"], password: "a long password" });
  streamerToken = (await createApiToken(db, operatorActor, { email: "streamer@alpha.example" })).token;
  await createCluster(db, operatorActor, { name: "live" });
  ingestToken = (await createIngestToken(db, operatorActor, { clusterName: "live" })).token;
  ({ falconry, baseUrl } = await startFalconryOn(database.url));
}, 240_000);

afterAll(async () => {
  await falconry?.interrupt();
  await database?.drop();
});

async function ingestInto(namespace: string) {
  const body = alertLike("falcosidekick-webhook.json", { uuid: crypto.randomUUID() }, { "k8s.ns.name": namespace });
  const answer = await fetch(`${baseUrl}/api/v1/ingest`, { method: "POST", headers: { Authorization: `Bearer ${ingestToken}` }, body });
  expect(answer.status).toBe(200);
}

/** Reads a stream of server-sent events in the background; `next(ms)` says which arrived meanwhile. */
function collectEvents(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let text = "";
  const reader = body.getReader();
  void (async () => {
    for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value, { stream: true });
  })().catch(() => {});
  return {
    async next(ms: number): Promise<string[]> {
      await new Promise((resolve) => setTimeout(resolve, ms));
      const events = [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]!);
      text = "";
      return events;
    },
  };
}

describe("GET /api/v1/events", () => {
  it("tells a tenant's analyst of their tenant's new alerts, and not of another tenant's", async () => {
    const controller = new AbortController();
    const answer = await fetch(`${baseUrl}/api/v1/events`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
    expect([answer.status, answer.headers.get("content-type")]).toEqual([200, "text/event-stream"]);
    const events = collectEvents(answer.body!);
    await events.next(300); // the greeting

    await ingestInto("beta");
    expect(await events.next(1_500)).toEqual([]);
    await ingestInto("alpha");
    expect(await events.next(1_500)).toEqual(["alerts"]);
    controller.abort();
  });

  it("holds at most maxStreamsPerPerson streams open for one person, and counts one closed as gone", async () => {
    const open = () => {
      const controller = new AbortController();
      const answer = fetch(`${baseUrl}/api/v1/events`, { headers: { Authorization: `Bearer ${streamerToken}` }, signal: controller.signal });
      return { answer, close: () => controller.abort() };
    };
    const streams = Array.from({ length: maxStreamsPerPerson }, open);
    try {
      expect((await Promise.all(streams.map((s) => s.answer))).map((a) => a.status)).toEqual(streams.map(() => 200));
      const refused = await open().answer;
      expect([refused.status, await refused.json()]).toEqual([
        429,
        { error: `events: at most ${maxStreamsPerPerson} live streams per person at once; close some of your other tabs or windows` },
      ]);
      streams.pop()!.close();
      await expect.poll(async () => {
        const again = open();
        const { status } = await again.answer;
        again.close();
        return status;
      }).toBe(200);
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it("refuses anyone not signed in", async () => {
    expect((await fetch(`${baseUrl}/api/v1/events`)).status).toBe(401);
  });
});
