import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { request, type ClientRequest } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { revokeIngestToken } from "@/lib/clusters/ingest-tokens";
import { alertLike, fixture, unindexableText } from "@/test/helpers/fixtures";
import { createClusterWithToken, startIngestServer, type IngestServer } from "@/test/helpers/ingest-server";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";
import { removeStoredAlerts } from "@/test/helpers/stored-alerts";

const limits = { maxBytes: 64 * 1024, maxAlerts: 50 };

let database: TestDatabase;
let server: IngestServer;
let token: string;
let tokenId: string;
let clusterId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startIngestServer(database, limits);
  ({ token, tokenId, cluster: { id: clusterId } } = await createClusterWithToken(database, "prod-eu-1"));
});
afterAll(async () => {
  await server.close();
  await database.drop();
});
beforeEach(async () => {
  await removeStoredAlerts(database.sql);
});

interface PostOptions {
  headers?: Record<string, string>;
  path?: string;
  method?: string;
  auth?: string | null;
}

async function post(body: string | Uint8Array, options: PostOptions = {}) {
  const auth = options.auth === undefined ? token : options.auth;
  const response = await fetch(`${server.url}${options.path ?? "/api/v1/ingest"}`, {
    method: options.method ?? "POST",
    headers: { ...(auth ? { Authorization: `Bearer ${auth}` } : {}), ...options.headers },
    body: options.method === "GET" ? undefined : (body as BodyInit),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function alertCount(): Promise<number> {
  const [row] = await database.sql<[{ n: number }]>`SELECT count(*)::int AS n FROM alerts`;
  return row.n;
}

describe("ingest: every sender's format", () => {
  it.each([
    ["falco-http-output.json", "Terminal shell in container", "notice", "payments"],
    ["falcosidekick-webhook.json", "Read sensitive file untrusted", "warning", "checkout"],
    ["falcosidekick-ui-envelope.json", "Attach/Exec Pod", "notice", "payments"],
    ["host-event-no-namespace.json", "Read sensitive file untrusted", "warning", null],
    ["falco-internal-event-drop.json", "Falco internal: syscall event drop", "debug", null],
    ["hostile-fields.json", "Terminal shell in container", "notice", "team-a"],
  ])("stores %s", async (name, rule, priority, namespace) => {
    const answer = await post(fixture(name));
    expect(answer).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, rejected: [] } });
    const [alert] = await database.sql`SELECT rule, priority, namespace, cluster_id FROM alerts`;
    expect(alert).toEqual({ rule, priority, namespace, cluster_id: clusterId });
  });

  it("stores Fluent Bit json_lines, unwrapping alerts logged as JSON strings and keeping enrichment as labels", async () => {
    const answer = await post(fixture("fluent-bit-json-lines.ndjson"), { headers: { "Content-Type": "application/x-ndjson" } });
    expect(answer.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const alerts = await database.sql`SELECT rule, namespace, labels FROM alerts ORDER BY id`;
    expect(alerts.map((a) => [a.rule, a.namespace])).toEqual([
      ["Drop and execute new binary in container", "ml-train"],
      ["Contact K8S API Server From Container", "team-b"],
    ]);
    expect(alerts[0]!.labels).toMatchObject({ cluster: "prod-us-2", region: "us-east-2", team: "platform" });
    expect(alerts[1]!.labels).toMatchObject({ stream: "stdout", team: "platform" });
  });

  it("stores a Fluent Bit `json` array and NDJSON sent without a content type", async () => {
    const records = fixture("fluent-bit-json-lines.ndjson").trim().split("\n");
    expect((await post(`[${records.join(",")}]`)).body).toMatchObject({ accepted: 2 });
    await removeStoredAlerts(database.sql);
    expect((await post(records.join("\n"))).body).toMatchObject({ accepted: 2 });
  });

  it("accepts gzip and a token in the path (Falco's http_output cannot set headers)", async () => {
    const answer = await post(gzipSync(fixture("falco-http-output.json")), {
      auth: null,
      path: `/api/v1/ingest/${token}`,
      headers: { "Content-Encoding": "gzip" },
    });
    expect(answer.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it("takes the token in the path when a proxy sends other credentials", async () => {
    const answer = await post(fixture("falco-http-output.json"), {
      auth: null,
      path: `/api/v1/ingest/${token}`,
      headers: { Authorization: "Basic cHJveHk6c2VjcmV0" },
    });
    expect(answer.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it("keeps 64-bit nanosecond times exact and every field as it arrived", async () => {
    await post(fixture("falco-http-output.json"));
    const [alert] = await database.sql`
      SELECT to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS micros, time_nanos,
        (output_fields->'evt.time')::text AS evt_time, output_fields->'user.loginuid' AS loginuid,
        tags, hostname, source, proc_name, proc_exepath, container_image, pod_name
      FROM alerts`;
    expect(alert).toEqual({
      micros: "2026-11-25T09:14:02.511093",
      time_nanos: 874,
      evt_time: "1795770842511093874",
      loginuid: -1,
      tags: ["T1059", "container", "maturity_stable", "mitre_execution", "shell"],
      hostname: "ip-10-0-3-17",
      source: "syscall",
      proc_name: "bash",
      proc_exepath: "/usr/bin/bash",
      container_image: "ghcr.io/acme/payments-api",
      pod_name: "payments-api-6f7c9d-x2k4q",
    });
  });

  it("stores attacker-controlled text verbatim, and repairs what PostgreSQL cannot hold", async () => {
    await post(fixture("hostile-fields.json"));
    const hostile = JSON.parse(fixture("hostile-fields.json"));
    const [stored] = await database.sql`SELECT output, output_fields FROM alerts`;
    expect(stored!.output).toBe(hostile.output);
    expect(stored!.output_fields).toMatchObject(hostile.output_fields);

    const answer = await post(alertLike("falco-internal-event-drop.json", { output: "nul\u0000here \ud800" }));
    expect(answer.body).toMatchObject({ accepted: 1 });
    const [repaired] = await database.sql`SELECT output FROM alerts WHERE rule LIKE 'Falco internal%'`;
    expect(repaired!.output).toBe("nul\uFFFDhere \uFFFD");
  });
});

describe("ingest: refusals write nothing", () => {
  it.each([
    ["plain-text Falco output", "09:14:02.511093874: Notice A shell was spawned", /json_output/],
    ["an empty body", "", /^body: empty/],
    ["a malformed JSON array", '[{"rule": ', /^body: the JSON array is malformed/],
  ])("refuses %s with 400", async (_, body, message) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
    expect(await alertCount()).toBe(0);
  });

  it.each([
    ["a missing rule", { rule: undefined }, {}, "rule: required"],
    ["an unknown priority", { priority: "urgent" }, {}, "priority: must be one of Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug"],
    ["a time that is not RFC 3339", { time: "25/11/2026" }, {}, "time: must be an RFC 3339 time"],
    ["output_fields that is not an object", { output_fields: "x" }, undefined, "output_fields: must be an object"],
    ["a nested output field", {}, { "proc.name": { nested: true } }, 'output_fields["proc.name"]: must be a string, number, boolean, null or an array of those'],
    ["tags that are not strings", { tags: [1] }, {}, "tags[0]: must be a string"],
    ["a hostname that is not a string", { hostname: 42 }, {}, "hostname: must be a string"],
    // beyond 2^53: kept exact as digits, so the message says which number, and nothing else
    ["a rule that is a large number", { rule: 1e19 }, {}, "rule: must be a string (got the number 10000000000000000000)"],
    ["a time that is a large number", { time: 1e19 }, {}, "time: must be a string (got the number 10000000000000000000)"],
    // within 1024 characters, but more than the rollups' index holds beside its other columns
    ["a rule too long in bytes", { rule: "規".repeat(700) }, {}, "rule: longer than 2048 bytes of UTF-8"],
    ["a label nested too deeply", { deep: JSON.parse(`${"[".repeat(100)}1${"]".repeat(100)}`) }, {}, "deep: nested deeper than 64 levels"],
  ])("refuses an alert with %s, naming the field", async (_, changes, fieldChanges, message) => {
    const body = fieldChanges === undefined
      ? JSON.stringify({ ...JSON.parse(fixture("falco-http-output.json")), ...changes })
      : alertLike("falco-http-output.json", changes, fieldChanges);
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.rejected).toEqual([{ index: 0, error: expect.stringContaining(message) }]);
    expect(await alertCount()).toBe(0);
  });

  it("keeps a large integer in an identity field exact, in the alert and its group, beside other alerts", async () => {
    const body = `[${alertLike("falco-http-output.json", {}, { "proc.exepath": 1e19 })},${alertLike("falco-http-output.json", { rule: "other" })}]`;
    expect((await post(body)).body).toMatchObject({ accepted: 2 });
    const [row] = await database.sql`
      SELECT (a.output_fields->'proc.exepath')::text AS field, a.proc_exepath, g.identity->>'executable' AS executable
      FROM alerts a JOIN alert_groups g ON g.id = a.group_id WHERE a.rule <> 'other'`;
    expect(row).toEqual({ field: "10000000000000000000", proc_exepath: "10000000000000000000", executable: "10000000000000000000" });
  });

  it("stores an alert whose promoted field is too large for an index, promoting nothing", async () => {
    const exepath = unindexableText();
    const body = `[${alertLike("falco-http-output.json", {}, { "proc.exepath": exepath })},${alertLike("falco-http-output.json", { rule: "other" })}]`;
    expect((await post(body)).body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const rows = await database.sql`SELECT proc_exepath, output_fields->>'proc.exepath' AS field FROM alerts WHERE rule <> 'other'`;
    expect(rows).toEqual([{ proc_exepath: null, field: exepath }]);
  });

  it("accepts `info` and any case for priorities", async () => {
    const answer = await post(`[${alertLike("falco-http-output.json", { priority: "info" })},${alertLike("falco-http-output.json", { priority: "CRITICAL", rule: "other" })}]`);
    expect(answer.body).toMatchObject({ accepted: 2 });
    const rows = await database.sql`SELECT priority FROM alerts ORDER BY priority`;
    expect(rows.map((r) => r.priority)).toEqual(["informational", "critical"]);
  });

  it("stores the valid alerts of a batch and names each invalid one by its index", async () => {
    const body = [
      fixture("falco-http-output.json"),
      alertLike("falcosidekick-webhook.json", { priority: "loud" }),
      fixture("falcosidekick-webhook.json"),
      "42",
    ].join(",");
    const answer = await post(`[${body}]`);
    expect(answer).toEqual({
      status: 200,
      body: {
        accepted: 2,
        duplicates: 0,
        rejected: [
          { index: 1, error: expect.stringMatching(/^priority: must be one of/) },
          { index: 3, error: "record: must be a JSON object" },
        ],
      },
    });
    expect(await alertCount()).toBe(2);
  });

  it("names the NDJSON line that is not JSON and keeps the others", async () => {
    const body = [fixture("falco-http-output.json").trim(), "{not json", fixture("falcosidekick-webhook.json").trim()].join("\n");
    const answer = await post(body, { headers: { "Content-Type": "application/x-ndjson" } });
    expect(answer.body).toEqual({ accepted: 2, duplicates: 0, rejected: [{ index: 1, error: "record: not valid JSON" }] });
  });

  it("refuses a body over the size limit with 413", async () => {
    const big = JSON.stringify({ ...JSON.parse(fixture("falco-http-output.json")), output: "x".repeat(limits.maxBytes) });
    const answer = await post(big);
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe(`body: larger than ${limits.maxBytes} bytes`);
    expect(await alertCount()).toBe(0);
  });

  it("refuses a streamed body with 413 once it passes the limit, and closes the connection", async () => {
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/v1/ingest`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Transfer-Encoding": "chunked" } });
      req.on("response", async (res) => {
        let body = "";
        for await (const chunk of res) body += chunk;
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body });
      });
      req.on("error", reject);
      // no Content-Length to refuse it by: the limit must stop the reading
      for (let sent = 0; sent <= limits.maxBytes; sent += 4096) req.write(" ".repeat(4096));
      req.end();
    });
    expect(answer).toEqual({ status: 413, connection: "close", body: JSON.stringify({ error: `body: larger than ${limits.maxBytes} bytes` }) });
    expect(await alertCount()).toBe(0);
  });

  it("stops a gzip bomb at the limit with 413", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, " "));
    expect(bomb.length).toBeLessThan(limits.maxBytes);
    const answer = await post(bomb, { headers: { "Content-Encoding": "gzip" } });
    expect(answer.status).toBe(413);
    expect(await alertCount()).toBe(0);
  });

  it("refuses more alerts than the per-request limit with 413", async () => {
    const alerts = Array.from({ length: limits.maxAlerts + 1 }, (_, i) => alertLike("falco-internal-event-drop.json", { uuid: `a-${i}` }));
    const answer = await post(`[${alerts.join(",")}]`);
    expect(answer).toEqual({ status: 413, body: { error: `body: ${limits.maxAlerts + 1} alerts; send at most ${limits.maxAlerts} per request` } });
    expect(await alertCount()).toBe(0);
  });

  it("refuses invalid gzip, unknown encodings and other methods", async () => {
    expect((await post("not gzip", { headers: { "Content-Encoding": "gzip" } })).body).toEqual({ error: "body: not valid gzip" });
    expect((await post("{}", { headers: { "Content-Encoding": "br" } })).status).toBe(415);
    expect((await post("", { method: "GET" })).status).toBe(405);
    expect(await alertCount()).toBe(0);
  });

  it("refuses missing, unknown and revoked tokens with 401", async () => {
    const body = fixture("falco-http-output.json");
    expect((await post(body, { auth: null })).status).toBe(401);
    expect((await post(body, { auth: "fry_ingest_" + "A".repeat(43) })).body).toEqual({ error: "authorization: unknown or revoked ingest token" });
    expect((await post(body, { auth: null, path: "/api/v1/ingest/nonsense" })).status).toBe(401);

    const other = await createClusterWithToken(database, "to-revoke");
    expect((await post(body, { auth: other.token })).status).toBe(200);
    await revokeIngestToken(database.db, operatorActor, { id: other.tokenId });
    // Replicas drop cached tokens when PostgreSQL notifies them of the revocation: a request racing
    // the notification may still pass, and its alerts are kept (they were acknowledged).
    let racing = 0;
    await expect
      .poll(async () => {
        const answer = await post(JSON.stringify({ ...JSON.parse(fixture("falcosidekick-webhook.json")), uuid: randomUUID() }), { auth: other.token });
        if (answer.status === 200) racing += 1;
        return answer.status;
      }, { timeout: 2_000 })
      .toBe(401);
    expect(racing).toBeLessThanOrEqual(5); // milliseconds of notification delay, not a slow path
    expect(await alertCount()).toBe(1 + racing);
    // and from then on, refused and written nowhere
    expect((await post(fixture("falco-http-output.json"), { auth: other.token })).status).toBe(401);
    expect(await alertCount()).toBe(1 + racing);
  });

  it("records when a token was last used", async () => {
    await database.sql`UPDATE ingest_tokens SET last_used_at = NULL WHERE id = ${tokenId}`;
    const fresh = await createClusterWithToken(database, "last-used");
    await post(fixture("falco-http-output.json"), { auth: fresh.token });
    await expect.poll(async () => {
      const [row] = await database.sql`SELECT last_used_at FROM ingest_tokens WHERE id = ${fresh.tokenId}`;
      return row?.last_used_at;
    }).toBeInstanceOf(Date);
  });
});

describe("ingest: stopping", () => {
  it("answers the request it is reading when it begins to stop, then refuses new ones with 503", async () => {
    const stopping = await startIngestServer(database, limits);
    try {
      const send = (body: string) => request(`${stopping.url}/api/v1/ingest`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      });
      const body = alertLike("falcosidekick-webhook.json", { uuid: randomUUID() });
      let hasClosed = false;
      const reading = send(body);
      const answered = answerOf(reading, () => hasClosed);
      const started = once(stopping.server, "request");
      reading.write(body.slice(0, 100));
      await started;
      const closing = stopping.ingest.close().then(() => (hasClosed = true));
      await sleep(200);
      expect(hasClosed).toBe(false); // waiting for the request it is reading
      reading.end(body.slice(100));
      expect(await answered).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, rejected: [] }, hadClosed: false });
      await closing;

      const laterBody = alertLike("falcosidekick-webhook.json", { uuid: randomUUID() });
      const later = send(laterBody);
      const refused = answerOf(later, () => hasClosed);
      later.end(laterBody);
      expect(await refused).toEqual({ status: 503, body: { error: "ingest is stopping: send the alerts again once Falconry is back" }, hadClosed: true });
      expect(await alertCount()).toBe(1);
    } finally {
      await stopping.close();
    }
  });
});

/** The answer to a request, and whether `hasClosed()` said so when it arrived. */
function answerOf(req: ClientRequest, hasClosed: () => boolean) {
  return new Promise<{ status: number; body: unknown; hadClosed: boolean }>((resolve, reject) => {
    req.on("response", async (res) => {
      const hadClosed = hasClosed();
      let text = "";
      for await (const chunk of res) text += chunk;
      resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown, hadClosed });
    });
    req.on("error", reject);
  });
}

describe("ingest: duplicates", () => {
  it("stores one row for concurrent deliveries of the same alert", async () => {
    const bodies = [fixture("falcosidekick-webhook.json"), fixture("falco-http-output.json")];
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(bodies[i % 2]!)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const accepted = answers.reduce((sum, a) => sum + (a.body.accepted as number), 0);
    const duplicates = answers.reduce((sum, a) => sum + (a.body.duplicates as number), 0);
    expect([accepted, duplicates]).toEqual([2, 18]);
    expect(await alertCount()).toBe(2);
    const groups = await database.sql`SELECT count FROM alert_groups ORDER BY id`;
    expect(groups.map((g) => Number(g.count))).toEqual([1, 1]);
  });

  it("counts a repeat within one request as a duplicate", async () => {
    const alert = fixture("falcosidekick-webhook.json");
    expect((await post(`[${alert},${alert}]`)).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
  });

  it("tells apart alerts that differ only in time when they have no uuid", async () => {
    const first = alertLike("falco-http-output.json", { time: "2026-11-25T09:14:02.511093874Z" });
    const second = alertLike("falco-http-output.json", { time: "2026-11-25T09:14:02.511093875Z" });
    expect((await post(`[${first},${second},${first}]`)).body).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
  });
});

describe("ingest: groups", () => {
  it("groups repeats whatever their pod, container and time, and keeps count, first/last seen and highest priority", async () => {
    const repeats = [
      alertLike("falco-http-output.json", { time: "2026-11-25T10:00:00Z", priority: "Notice" }, { "k8s.pod.name": "payments-api-1-aaaaa", "container.id": "1" }),
      alertLike("falco-http-output.json", { time: "2026-11-25T09:00:00Z", priority: "Critical" }, { "k8s.pod.name": "payments-api-2-bbbbb", "container.id": "2" }),
      alertLike("falco-http-output.json", { time: "2026-11-25T11:00:00Z", priority: "Warning" }, { "k8s.pod.name": "payments-api-3-ccccc", "container.id": "3" }),
    ];
    const otherExecutable = alertLike("falco-http-output.json", {}, { "proc.exepath": "/bin/sh" });
    await post(`[${repeats.join(",")},${otherExecutable}]`);
    const groups = await database.sql`
      SELECT count, max_priority, first_seen, last_seen, identity, segment FROM alert_groups ORDER BY count DESC`;
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({
      count: "3",
      max_priority: "critical",
      first_seen: new Date("2026-11-25T09:00:00Z"),
      last_seen: new Date("2026-11-25T11:00:00Z"),
      identity: { "container.image.repository": "ghcr.io/acme/payments-api", executable: "/usr/bin/bash" },
      segment: "unassigned",
    });
    expect(groups[1]).toMatchObject({ count: "1", identity: { executable: "/bin/sh" } });

    const hourly = await database.sql`
      SELECT to_char(h.hour AT TIME ZONE 'UTC', 'HH24:MI') AS hour, h.priority, h.count
      FROM alert_group_hourly h JOIN alert_groups g ON g.id = h.group_id
      WHERE g.count = 3 ORDER BY h.hour`;
    expect(hourly).toEqual([
      { hour: "09:00", priority: "critical", count: "1" },
      { hour: "10:00", priority: "notice", count: "1" },
      { hour: "11:00", priority: "warning", count: "1" },
    ]);
  });

  it("groups audit alerts by user, verb and resource", async () => {
    const envelope = JSON.parse(fixture("falcosidekick-ui-envelope.json"));
    const again = { ...envelope, event: { ...envelope.event, uuid: randomUUID(), output_fields: { ...envelope.event.output_fields, "ka.target.name": "another-pod" } } };
    const otherUser = { ...envelope, event: { ...envelope.event, uuid: randomUUID(), output_fields: { ...envelope.event.output_fields, "ka.user.name": "bob@acme.example" } } };
    await post(JSON.stringify([envelope, again, otherUser]));
    const groups = await database.sql`SELECT count FROM alert_groups ORDER BY count DESC`;
    expect(groups.map((g) => Number(g.count))).toEqual([2, 1]);
  });
});

describe("ingest: tenants", () => {
  beforeEach(async () => {
    await database.sql`DELETE FROM tenant_namespaces`;
    await database.sql`DELETE FROM tenants`;
    await server.ingest.segmenter.reload();
  });

  async function createTenant(slug: string, namespaces: string) {
    const { createTenant: create } = await import("@/lib/tenants/tenants");
    const { tenant } = await create(database.db, database.sql, operatorActor, { slug, name: slug, namespaces });
    await server.ingest.segmenter.reload();
    return tenant;
  }

  it("puts each alert in the first tenant whose patterns match its cluster and namespace", async () => {
    const payments = await createTenant("payments", "prod-*/payments,staging/payments");
    const everything = await createTenant("catch-all", "*/*");
    await post(`[${fixture("falco-http-output.json")},${fixture("falcosidekick-webhook.json")},${fixture("host-event-no-namespace.json")}]`);
    const rows = await database.sql`SELECT a.namespace, a.tenant_id, g.segment, g.tenant_id AS group_tenant, g.cluster_id AS group_cluster FROM alerts a JOIN alert_groups g ON g.id = a.group_id ORDER BY a.id`;
    expect(rows).toEqual([
      { namespace: "payments", tenant_id: payments.id, segment: "tenant", group_tenant: payments.id, group_cluster: null },
      { namespace: "checkout", tenant_id: everything.id, segment: "tenant", group_tenant: everything.id, group_cluster: null },
      // host-level alerts have no namespace: never a tenant's, always kept, in the cluster's bucket
      { namespace: null, tenant_id: null, segment: "host", group_tenant: null, group_cluster: clusterId },
    ]);
  });

  it("keeps unmatched namespaces in the cluster's unassigned bucket, with their counts", async () => {
    await post(fixture("hostile-fields.json"));
    const [group] = await database.sql`SELECT segment, tenant_id, cluster_id FROM alert_groups`;
    expect(group).toEqual({ segment: "unassigned", tenant_id: null, cluster_id: clusterId });
    const namespaces = await database.sql`SELECT namespace, tenant_id, alert_count FROM cluster_namespaces`;
    expect(namespaces).toEqual([{ namespace: "team-a", tenant_id: null, alert_count: "1" }]);
  });

  it("re-segments stored alerts when patterns change, and back again", async () => {
    const teamA = [0, 1, 2].map((i) => alertLike("hostile-fields.json", { uuid: `team-a-${i}` }, { "k8s.pod.name": `pod-${i}` }));
    await post(`[${teamA.join(",")},${fixture("falco-http-output.json")}]`);
    expect(await database.sql`SELECT segment, count FROM alert_groups ORDER BY count DESC`).toEqual([
      { segment: "unassigned", count: "3" },
      { segment: "unassigned", count: "1" },
    ]);

    const { createTenant: create, updateTenantNamespaces } = await import("@/lib/tenants/tenants");
    const { tenant, movedAlerts } = await create(database.db, database.sql, operatorActor, { slug: "team-a", name: "Team A", namespaces: "*/team-a" });
    expect(movedAlerts).toBe(3);
    const moved = await database.sql`SELECT a.tenant_id, g.segment, g.tenant_id AS group_tenant, g.count FROM alerts a JOIN alert_groups g ON g.id = a.group_id WHERE a.namespace = 'team-a'`;
    expect(moved).toEqual(Array(3).fill({ tenant_id: tenant.id, segment: "tenant", group_tenant: tenant.id, count: "3" }));
    expect(await database.sql`SELECT count(*)::int AS n FROM alert_groups`).toEqual([{ n: 2 }]); // the emptied group is gone
    expect(await database.sql`SELECT tenant_id FROM cluster_namespaces WHERE namespace = 'team-a'`).toEqual([{ tenant_id: tenant.id }]);

    // New alerts follow the new patterns once the ingest side hears of the change.
    await expect.poll(() => server.ingest.segmenter.tenantOf("prod-eu-1", "team-a")).toBe(tenant.id);
    await post(alertLike("hostile-fields.json", { uuid: "team-a-3" }));
    expect(await database.sql`SELECT count FROM alert_groups WHERE tenant_id = ${tenant.id}`).toEqual([{ count: "4" }]);

    const back = await updateTenantNamespaces(database.db, database.sql, operatorActor, { slug: "team-a", namespaces: "*/team-z" });
    expect(back.movedAlerts).toBe(4);
    expect(await database.sql`SELECT DISTINCT tenant_id FROM alerts WHERE namespace = 'team-a'`).toEqual([{ tenant_id: null }]);
    expect(await database.sql`SELECT segment, count FROM alert_groups ORDER BY count DESC`).toEqual([
      { segment: "unassigned", count: "4" },
      { segment: "unassigned", count: "1" },
    ]);
    // The hourly rollup moved with the alerts.
    const mismatched = await database.sql`
      SELECT g.id FROM alert_groups g LEFT JOIN alert_group_hourly h ON h.group_id = g.id
      GROUP BY g.id HAVING g.count <> coalesce(sum(h.count), 0)`;
    expect(mismatched).toEqual([]);
    expect(await database.sql`SELECT sum(count)::int AS n FROM alert_group_hourly`).toEqual([{ n: 5 }]);
  });
});
