import { describe, expect, it } from "vitest";
import { fixture } from "@/test/helpers/fixtures";
import { thrownAppError } from "@/test/helpers/thrown-app-error";
import type { FalcoAlert, ParsedAlert } from "@/lib/ingest/alert-schema";
import { bigIntegerText, parseExact } from "@/lib/ingest/exact-json";
import { readRecord, splitRecords } from "@/lib/ingest/payload";

function parseBody(body: string, contentType?: string): ParsedAlert[] {
  return splitRecords(body, contentType).map((record) => ("error" in record ? record : readRecord(record.value)));
}

function alertsOf(body: string, contentType?: string): FalcoAlert[] {
  return parseBody(body, contentType).map((result) => {
    if ("error" in result) throw new Error(`expected an alert, got: ${result.error}`);
    return result.alert;
  });
}

const alertJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    rule: "Terminal shell in container",
    priority: "Notice",
    time: "2026-11-25T09:14:02.511093874Z",
    output: "A shell was spawned",
    output_fields: { "proc.name": "bash" },
    ...overrides,
  });

describe("the sample payloads", () => {
  it("reads Falco's http_output alert, keeping evt.time exact", () => {
    const [alert, ...rest] = alertsOf(fixture("falco-http-output.json"));
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      uuid: undefined,
      rule: "Terminal shell in container",
      priority: "notice",
      source: "syscall",
      hostname: "ip-10-0-3-17",
      time: { micros: "2026-11-25T09:14:02.511093Z", nanos: 874 },
      tags: ["T1059", "container", "maturity_stable", "mitre_execution", "shell"],
      labels: null,
    });
    expect(bigIntegerText(alert?.outputFields["evt.time"])).toBe("1795770842511093874");
    expect(alert?.outputFields["proc.tty"]).toBe(34816);
  });

  it("reads Falcosidekick's webhook alert with its uuid", () => {
    const [alert] = alertsOf(fixture("falcosidekick-webhook.json"));
    expect(alert).toMatchObject({
      uuid: "0f4e7c52-8a1d-4b7e-9c3e-2d1a6b5f9e01",
      rule: "Read sensitive file untrusted",
      priority: "warning",
      source: "syscall",
      hostname: "ip-10-0-3-17",
      time: { micros: "2026-11-25T09:20:44.100200Z", nanos: 300 },
    });
    expect(alert?.outputFields["cluster"]).toBe("prod-eu-1");
    expect(alert?.outputFields["proc.aname[3]"]).toBeNull();
    expect(bigIntegerText(alert?.outputFields["evt.time"])).toBe("1795771244100200300");
  });

  it("unwraps Falcosidekick-UI's envelope and keeps its outputs as a label", () => {
    const [alert, ...rest] = alertsOf(fixture("falcosidekick-ui-envelope.json"));
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      uuid: "6b1d2c3e-4f50-4a61-8b72-93a4b5c6d7e8",
      rule: "Attach/Exec Pod",
      priority: "notice",
      source: "k8s_audit",
      hostname: "falco-k8saudit-0",
      time: { micros: "2026-11-25T09:31:05.000000Z", nanos: 1 },
      labels: { outputs: ["webui", "slack"] },
    });
    expect(alert?.outputFields["ka.target.namespace"]).toBe("payments");
  });

  it("reads a host alert with a null namespace", () => {
    const [alert] = alertsOf(fixture("host-event-no-namespace.json"));
    expect(alert).toMatchObject({
      rule: "Read sensitive file untrusted",
      priority: "warning",
      source: "syscall",
      hostname: "ip-10-0-3-17",
      time: { micros: "2026-11-25T09:40:00.123456Z", nanos: 789 },
    });
    expect(alert?.outputFields["k8s.ns.name"]).toBeNull();
    expect(alert?.outputFields["container.id"]).toBe("host");
    expect(bigIntegerText(alert?.outputFields["evt.time"])).toBe("1795772400123456789");
  });

  it("reads Falco's internal health alert, which has no tags", () => {
    const [alert] = alertsOf(fixture("falco-internal-event-drop.json"));
    expect(alert).toMatchObject({
      rule: "Falco internal: syscall event drop",
      priority: "debug",
      source: "internal",
      hostname: "ip-10-0-3-17",
      time: { micros: "2026-11-25T09:41:00.000000Z", nanos: 0 },
      tags: [],
    });
    expect(alert?.outputFields["n_drops"]).toBe("1712");
  });

  it("reads Fluent Bit's json_lines: two records, the second from the JSON in log", () => {
    const alerts = alertsOf(fixture("fluent-bit-json-lines.ndjson"));
    expect(alerts).toHaveLength(2);
    const [first, second] = alerts;
    expect(first).toMatchObject({
      rule: "Drop and execute new binary in container",
      priority: "critical",
      source: "syscall",
      hostname: "ip-10-8-1-4",
      time: { micros: "2026-11-25T09:14:02.511093Z", nanos: 874 },
      labels: { date: 1795770842.511094, cluster: "prod-us-2", region: "us-east-2", team: "platform" },
    });
    expect(bigIntegerText(first?.outputFields["evt.time"])).toBe("1795770842511093874");
    expect(second).toMatchObject({
      rule: "Contact K8S API Server From Container",
      priority: "notice",
      source: "syscall",
      hostname: "ip-10-8-1-5",
      time: { micros: "2026-11-25T09:14:03.000000Z", nanos: 0 },
      labels: { date: 1795770843, cluster: "prod-us-2", region: "us-east-2", team: "platform", stream: "stdout" },
    });
    expect(second?.labels).not.toHaveProperty("log");
    expect(bigIntegerText(second?.outputFields["evt.time"])).toBe("1795770843000000000");
  });

  it("keeps attacker-controlled text verbatim", () => {
    const [alert] = alertsOf(fixture("hostile-fields.json"));
    expect(alert?.outputFields["k8s.pod.name"]).toBe("<script>alert(1)</script>");
    expect(alert?.outputFields["proc.cmdline"]).toBe(`bash -c "echo '<img src=x onerror=alert(document.cookie)>'"`);
    expect(alert?.outputFields["fd.name"]).toBe('=HYPERLINK("http://evil.example","click")');
    expect(alert?.outputFields["container.image.repository"]).toBe("ghcr.io/acme/ünïcødé-漢字");
    expect(alert?.output).toContain("k8s_pod_name=<script>alert(1)</script>");
  });
});

describe("splitRecords", () => {
  it("rejects an empty body", () => {
    for (const body of ["", "  \n\t"]) {
      const error = thrownAppError(() => splitRecords(body));
      expect(error.code).toBe("invalid_input");
      expect(error.message).toMatch(/^body: empty/);
    }
  });

  it("rejects Falco's plain-text output, pointing at json_output", () => {
    const body = "09:14:02.511093874: Notice A shell was spawned in a container with an attached terminal";
    const error = thrownAppError(() => splitRecords(body));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain("json_output");
  });

  it("rejects a malformed JSON array", () => {
    const error = thrownAppError(() => splitRecords(`[${alertJson()},`));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toBe("body: the JSON array is malformed");
  });

  it("reads a JSON array of mixed shapes: alert, envelope and Fluent Bit record", () => {
    const body = `[${alertJson({ rule: "plain" })},{"event":${alertJson({ rule: "envelope" })},"outputs":["webui"]},{"stream":"stderr","log":${JSON.stringify(alertJson({ rule: "fluent-bit" }))}}]`;
    const alerts = alertsOf(body);
    expect(alerts.map((alert) => alert.rule)).toEqual(["plain", "envelope", "fluent-bit"]);
    expect(alerts.map((alert) => alert.labels)).toEqual([null, { outputs: ["webui"] }, { stream: "stderr" }]);
  });

  it("reads a single NDJSON line when the content type says NDJSON", () => {
    const records = splitRecords(`${alertJson()}\n`, "application/x-ndjson");
    expect(records).toHaveLength(1);
    expect(alertsOf(`${alertJson()}\n`, "application/x-ndjson").map((alert) => alert.rule)).toEqual([
      "Terminal shell in container",
    ]);
  });

  it("reads NDJSON by shape when no content type is given, CRLF included", () => {
    const body = `${alertJson({ rule: "one" })}\r\n\r\n${alertJson({ rule: "two" })}\r\n`;
    expect(alertsOf(body).map((alert) => alert.rule)).toEqual(["one", "two"]);
  });

  it("reports an NDJSON line that is not JSON and still reads the others", () => {
    const body = [alertJson({ rule: "one" }), '{"rule": "broken', alertJson({ rule: "three" })].join("\n");
    const results = parseBody(body);
    expect(results).toHaveLength(3);
    expect(results[1]).toEqual({ error: "record: not valid JSON" });
    expect(results[0]).toMatchObject({ alert: { rule: "one" } });
    expect(results[2]).toMatchObject({ alert: { rule: "three" } });
  });
});

describe("readRecord", () => {
  it("says what to send instead of records run together on one line (Fluent Bit's json_stream)", () => {
    expect(splitRecords(`${alertJson()}${alertJson()}`)).toEqual([
      { error: "record: not valid JSON: records run together on one line; send one a line (Fluent Bit's json_lines) or a JSON array (json)" },
    ]);
  });

  it("rejects a record that is not an object", () => {
    for (const record of [42, "alert", null, [1, 2]]) {
      expect(readRecord(record)).toEqual({ error: "record: must be a JSON object" });
    }
  });

  it("rejects a Fluent Bit log line that is plain text", () => {
    const result = readRecord({ stream: "stdout", log: "09:14:02.511093874: Notice A shell was spawned" });
    expect(result).toHaveProperty("error");
    expect("error" in result && result.error).toMatch(/^log: not a JSON Falco alert; set `json_output: true`/);
  });

  it("reports a missing field of a record that is not an alert", () => {
    expect(readRecord({ hello: "world" })).toMatchObject({ error: expect.stringMatching(/^rule: required/) });
  });

  it("names the key holding an envelope's or a log line's alert in its errors", () => {
    const withoutRule = JSON.parse(alertJson({ priority: "loud" })) as Record<string, unknown>;
    delete withoutRule.rule;
    expect(readRecord({ event: withoutRule, outputs: [] })).toEqual({ error: expect.stringMatching(/^event\.rule: required; event\.priority: must be one of/) });
    expect(readRecord({ stream: "stdout", log: JSON.stringify(withoutRule) })).toEqual({ error: expect.stringMatching(/^log\.rule: required; log\.priority/) });
    expect(readRecord({ event: "x" })).toEqual({ error: "event: must be a JSON object" });
  });

  it("puts unknown top-level keys of an alert in labels", () => {
    const [alert] = alertsOf(alertJson({ rule_id: 12, k8s_cluster: "prod" }));
    expect(alert?.labels).toEqual({ rule_id: 12, k8s_cluster: "prod" });
  });

  it("replaces NUL and lone surrogates with U+FFFD in values and keys", () => {
    const body =
      '{"rule":"shell\\u0000","priority":"Notice","time":"2026-11-25T09:14:02Z","output":"a\\ud800b",' +
      '"output_fields":{"proc.name\\u0000":"ba\\udc00sh","list":["\\u0000x"],"evt.time":1795770842511093874},' +
      '"tags":["t\\ud800"],"extra\\ud800":"v\\u0000"}';
    const [alert] = alertsOf(body);
    expect(alert).toMatchObject({
      rule: "shell\uFFFD",
      output: "a\uFFFDb",
      tags: ["t\uFFFD"],
      labels: { "extra\uFFFD": "v\uFFFD" },
    });
    expect(alert?.outputFields).toMatchObject({ "proc.name\uFFFD": "ba\uFFFDsh", list: ["\uFFFDx"] });
    expect(alert?.outputFields).not.toHaveProperty(["proc.name\u0000"]);
    expect(bigIntegerText(alert?.outputFields["evt.time"])).toBe("1795770842511093874");
  });

  it("repairs strings inside a Fluent Bit log and inside an envelope", () => {
    const inLog = readRecord({ "team\u0000": "a", log: alertJson({ rule: "r\u0000", hostname: "h\ud800" }) });
    expect(inLog).toMatchObject({ alert: { rule: "r\uFFFD", hostname: "h\uFFFD", labels: { "team\uFFFD": "a" } } });
    const inEnvelope = readRecord({ event: JSON.parse(alertJson({ rule: "r\ud800" })), outputs: ["\u0000"] });
    expect(inEnvelope).toMatchObject({ alert: { rule: "r\uFFFD", labels: { outputs: ["\uFFFD"] } } });
  });

  it("refuses a record nested deeper than 64 levels, naming the key that holds it", () => {
    const withDeep = (depth: number) => alertJson().replace(/}$/, `,"deep":${"[".repeat(depth)}"x"${"]".repeat(depth)}}`);
    expect(readRecord(JSON.parse(withDeep(63)))).toHaveProperty("alert");
    expect(readRecord(JSON.parse(withDeep(64)))).toEqual({ error: "deep: nested deeper than 64 levels" });
    // deep enough to exhaust the stack of a walk without a bound
    expect(readRecord(JSON.parse(withDeep(10_000)))).toEqual({ error: "deep: nested deeper than 64 levels" });
    expect(readRecord({ stream: "stdout", log: withDeep(100) })).toEqual({ error: "log.deep: nested deeper than 64 levels" });
  });

  it("refuses an integer longer than jsonb holds, naming the key that holds it: one would fail its whole batch", () => {
    const withInteger = (digits: number) => alertJson().replace('"output_fields":{', `"output_fields":{"proc.tty":${"7".repeat(digits)},`);
    expect(readRecord(parseExact(withInteger(100)))).toHaveProperty("alert");
    expect(readRecord(parseExact(withInteger(101)))).toEqual({ error: "output_fields: an integer of more than 100 digits" });
    expect(readRecord(parseExact(withInteger(131_073)))).toEqual({ error: "output_fields: an integer of more than 100 digits" });
    expect(readRecord({ stream: "stdout", log: withInteger(200) })).toEqual({ error: "log.output_fields: an integer of more than 100 digits" });
  });
});
