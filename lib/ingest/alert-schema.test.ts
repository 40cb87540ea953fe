import { describe, expect, it } from "vitest";
import { parseFalcoAlert, type ParsedAlert } from "@/lib/ingest/alert-schema";
import { parseExact } from "@/lib/ingest/exact-json";

const valid = {
  rule: "Terminal shell in container",
  priority: "Notice",
  time: "2026-11-25T09:14:02.511093874Z",
  output: "A shell was spawned",
  output_fields: { "proc.name": "bash", "k8s.ns.name": "payments" },
};

function alertOf(result: ParsedAlert) {
  if ("error" in result) throw new Error(`expected an alert, got: ${result.error}`);
  return result.alert;
}

function errorOf(result: ParsedAlert): string {
  if ("alert" in result) throw new Error("expected an error, got an alert");
  return result.error;
}

describe("parseFalcoAlert", () => {
  it("reads a minimal alert and applies defaults", () => {
    expect(alertOf(parseFalcoAlert({ ...valid, output: undefined }))).toEqual({
      uuid: undefined,
      rule: "Terminal shell in container",
      priority: "notice",
      time: { micros: "2026-11-25T09:14:02.511093Z", nanos: 874 },
      output: "",
      outputFields: { "proc.name": "bash", "k8s.ns.name": "payments" },
      source: "syscall",
      tags: [],
      hostname: "",
      labels: null,
    });
  });

  it("accepts scalars, null and arrays of scalars as output field values", () => {
    const fields = { s: "x", n: 1, b: false, z: null, list: ["a", 2, null] };
    expect(alertOf(parseFalcoAlert({ ...valid, output_fields: fields })).outputFields).toEqual(fields);
  });

  it("puts unknown top-level keys, and the keys beside the alert, in labels", () => {
    const alert = alertOf(parseFalcoAlert({ ...valid, rule_id: 7, extra: { nested: true } }, { cluster: "prod-eu-1" }));
    expect(alert.labels).toEqual({ cluster: "prod-eu-1", rule_id: 7, extra: { nested: true } });
  });

  it("keeps an unknown __proto__ key as a label like any other", () => {
    const record = parseExact(`{"rule":"R","priority":"Notice","time":"2026-11-25T09:14:02Z","output_fields":{},"__proto__":{"x":1}}`);
    const alert = alertOf(parseFalcoAlert(record));
    expect(alert.labels && Object.keys(alert.labels)).toEqual(["__proto__"]);
  });

  it("treats an empty uuid as none", () => {
    expect(alertOf(parseFalcoAlert({ ...valid, uuid: "" })).uuid).toBeUndefined();
    expect(alertOf(parseFalcoAlert({ ...valid, uuid: "abc" })).uuid).toBe("abc");
  });

  it("reports each missing required field by name", () => {
    for (const field of ["rule", "priority", "time", "output_fields"] as const) {
      const { [field]: _, ...rest } = valid;
      expect(errorOf(parseFalcoAlert(rest))).toBe(`${field}: required`);
    }
  });

  it("lists the allowed names for a bad priority", () => {
    const error = errorOf(parseFalcoAlert({ ...valid, priority: "loud" }));
    expect(error).toMatch(/^priority: /);
    expect(error).toContain("Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug");
    expect(error).toContain('"loud"');
  });

  it("rejects a time that is not RFC 3339", () => {
    expect(errorOf(parseFalcoAlert({ ...valid, time: "25/11/2026 09:14" }))).toMatch(/^time: must be an RFC 3339 time/);
    expect(errorOf(parseFalcoAlert({ ...valid, time: "2026-02-30T00:00:00Z" }))).toMatch(/^time: /);
    expect(errorOf(parseFalcoAlert({ ...valid, time: 1795770842 }))).toBe("time: must be a string");
  });

  it("rejects output_fields that are not an object", () => {
    expect(errorOf(parseFalcoAlert({ ...valid, output_fields: "proc.name=bash" }))).toBe("output_fields: must be an object");
    expect(errorOf(parseFalcoAlert({ ...valid, output_fields: ["bash"] }))).toBe("output_fields: must be an object");
  });

  it("names the output field whose value is an object", () => {
    const error = errorOf(parseFalcoAlert({ ...valid, output_fields: { ok: 1, "the.key": { a: 1 } } }));
    expect(error).toMatch(/^output_fields\["the\.key"\]: must be a string, number, boolean, null or an array of those$/);
  });

  it("rejects tags that are not an array of strings", () => {
    expect(errorOf(parseFalcoAlert({ ...valid, tags: "container" }))).toBe("tags: must be an array of strings");
    expect(errorOf(parseFalcoAlert({ ...valid, tags: ["ok", 1] }))).toBe("tags[1]: must be a string");
  });

  it("rejects a namespace longer than 253 characters", () => {
    const long = "n".repeat(254);
    expect(errorOf(parseFalcoAlert({ ...valid, output_fields: { "k8s.ns.name": long } }))).toBe(
      'output_fields["k8s.ns.name"]: longer than 253 characters',
    );
    expect(errorOf(parseFalcoAlert({ ...valid, output_fields: { "ka.target.namespace": long } }))).toMatch(
      /^output_fields\["ka\.target\.namespace"\]: /,
    );
    const longest = alertOf(parseFalcoAlert({ ...valid, output_fields: { "k8s.ns.name": "n".repeat(253) } }));
    expect(longest.outputFields["k8s.ns.name"]).toHaveLength(253);
  });

  it("rejects an empty rule and a non-object alert", () => {
    expect(errorOf(parseFalcoAlert({ ...valid, rule: "  " }))).toBe("rule: must not be empty");
    expect(errorOf(parseFalcoAlert("alert"))).toBe("alert: must be a JSON object");
    expect(errorOf(parseFalcoAlert([valid]))).toBe("alert: must be a JSON object");
  });
});
