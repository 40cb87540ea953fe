import { describe, expect, it } from "vitest";
import { parseExact } from "@/lib/ingest/exact-json";
import type { OutputFields } from "@/lib/ingest/alert-schema";
import { compileMatchers, indexKeyOf, matchersSchema, maxRegexInputLength, type MatchableAlert, type Matcher } from "@/lib/suppressions/matcher";
import { RuleSet, type ActiveRule } from "@/lib/suppressions/rule-set";

const alert: MatchableAlert = {
  rule: "Terminal shell in container",
  priority: "notice",
  source: "syscall",
  hostname: "node-1",
  cluster: "prod-eu-1",
  namespace: "payments",
  tags: ["container", "mitre_execution", "T1059"],
  outputFields: {
    "proc.name": "bash",
    "proc.cmdline": "bash -c apt-get update",
    "container.image.repository": "docker.io/library/nginx",
    "proc.pid": 4242,
    "evt.arg.flags": ["O_RDONLY", "O_CLOEXEC"],
    "k8s.pod.name": "<NA>",
    "user.loginuid": null,
  },
};

function matches(matchers: Matcher[], on: MatchableAlert = alert): boolean {
  return compileMatchers(matchersSchema.parse(matchers))(on);
}

describe("a matcher", () => {
  it("compares with = and != exactly, case and all", () => {
    expect(matches([{ field: "proc.name", op: "=", value: "bash" }])).toBe(true);
    expect(matches([{ field: "proc.name", op: "=", value: "Bash" }])).toBe(false);
    expect(matches([{ field: "proc.name", op: "!=", value: "sh" }])).toBe(true);
    expect(matches([{ field: "namespace", op: "=", value: "payments" }])).toBe(true);
    expect(matches([{ field: "cluster", op: "!=", value: "prod-eu-1" }])).toBe(false);
    expect(matches([{ field: "priority", op: "=", value: "notice" }])).toBe(true);
  });

  it("reads a priority named by = or in as Falco does, whatever its case: `not in [Critical]` spares critical alerts", () => {
    const critical = { ...alert, priority: "critical" };
    expect(matches([{ field: "priority", op: "not in", value: ["Critical", "Alert", "Emergency"] }], critical)).toBe(false);
    expect(matches([{ field: "priority", op: "in", value: ["CRITICAL"] }], critical)).toBe(true);
    expect(matches([{ field: "priority", op: "=", value: "info" }], { ...alert, priority: "informational" })).toBe(true);
    expect(matches([{ field: "priority", op: "!=", value: "Notice" }])).toBe(false);
    expect(matchersSchema.parse([{ field: "priority", op: "in", value: ["Warning", "info"] }])).toEqual([{ field: "priority", op: "in", value: ["warning", "informational"] }]);
  });

  it("reads numbers as written, 64-bit integers exactly", () => {
    expect(matches([{ field: "proc.pid", op: "=", value: "4242" }])).toBe(true);
    const fields = parseExact('{"evt.time": 1732300000123456789}') as OutputFields;
    expect(matches([{ field: "evt.time", op: "=", value: "1732300000123456789" }], { ...alert, outputFields: fields })).toBe(true);
  });

  it("fully anchors regexes", () => {
    expect(matches([{ field: "proc.cmdline", op: "=~", value: "apt-get.*" }])).toBe(false);
    expect(matches([{ field: "proc.cmdline", op: "=~", value: ".*apt-get.*" }])).toBe(true);
    expect(matches([{ field: "proc.cmdline", op: "=~", value: "bash|.*update" }])).toBe(true);
    expect(matches([{ field: "container.image.repository", op: "!~", value: "docker\\.io/.*" }])).toBe(false);
    expect(matches([{ field: "container.image.repository", op: "!~", value: "quay\\.io/.*" }])).toBe(true);
  });

  it("takes lists for in and not in", () => {
    expect(matches([{ field: "proc.name", op: "in", value: ["sh", "bash"] }])).toBe(true);
    expect(matches([{ field: "proc.name", op: "not in", value: ["sh", "bash"] }])).toBe(false);
    expect(matches([{ field: "namespace", op: "not in", value: ["kube-system"] }])).toBe(true);
  });

  it("matches a list field when any value does, and a negative operator when none does", () => {
    expect(matches([{ field: "tags", op: "=", value: "T1059" }])).toBe(true);
    expect(matches([{ field: "tags", op: "!=", value: "T1059" }])).toBe(false);
    expect(matches([{ field: "tags", op: "in", value: ["T1611", "container"] }])).toBe(true);
    expect(matches([{ field: "evt.arg.flags", op: "=~", value: "O_CLOEXEC" }])).toBe(true);
    expect(matches([{ field: "evt.arg.flags", op: "!~", value: "O_.*" }])).toBe(false);
  });

  it("treats missing, null and <NA> fields as absent", () => {
    for (const field of ["k8s.pod.name", "user.loginuid", "no.such.field"]) {
      expect(matches([{ field, op: "exists" }])).toBe(false);
      expect(matches([{ field, op: "not exists" }])).toBe(true);
      expect(matches([{ field, op: "=", value: "" }])).toBe(false);
      expect(matches([{ field, op: "!=", value: "x" }])).toBe(true);
      expect(matches([{ field, op: "=~", value: ".*" }])).toBe(false);
      expect(matches([{ field, op: "!~", value: "x" }])).toBe(true);
      expect(matches([{ field, op: "not in", value: ["x"] }])).toBe(true);
    }
    expect(matches([{ field: "namespace", op: "exists" }], { ...alert, namespace: null })).toBe(false);
    expect(matches([{ field: "proc.name", op: "exists" }])).toBe(true);
  });

  it("reads promoted fields as ingest promotes them: a string over 1,000 characters is absent", () => {
    const long = { ...alert, outputFields: { ...alert.outputFields, "proc.name": "x".repeat(1001) } };
    expect(matches([{ field: "proc.name", op: "exists" }], long)).toBe(false);
    expect(matches([{ field: "proc.cmdline", op: "exists" }], { ...alert, outputFields: { "proc.cmdline": "x".repeat(5000) } })).toBe(true);
  });

  it("needs every matcher to match", () => {
    expect(matches([{ field: "proc.name", op: "=", value: "bash" }, { field: "namespace", op: "=", value: "payments" }])).toBe(true);
    expect(matches([{ field: "proc.name", op: "=", value: "bash" }, { field: "namespace", op: "=", value: "web" }])).toBe(false);
  });

  it("runs catastrophic patterns in linear time, and never matches an input over the cap either way", () => {
    const hostile = { ...alert, outputFields: { "proc.cmdline": `${"a".repeat(maxRegexInputLength - 1)}!` } };
    const started = performance.now();
    expect(matches([{ field: "proc.cmdline", op: "=~", value: "(a+)+$" }], hostile)).toBe(false);
    expect(matches([{ field: "proc.cmdline", op: "=~", value: "(a|aa)*b" }], hostile)).toBe(false);
    // Generous: a backtracking engine takes longer than the age of the universe here.
    expect(performance.now() - started).toBeLessThan(2_000);

    const tooLong = { ...alert, outputFields: { "proc.cmdline": "a".repeat(maxRegexInputLength + 1) } };
    expect(matches([{ field: "proc.cmdline", op: "=~", value: "a*" }], tooLong)).toBe(false);
    expect(matches([{ field: "proc.cmdline", op: "!~", value: "b*" }], tooLong)).toBe(false);
  });
});

describe("the matcher schema", () => {
  function problems(matchers: unknown): string[] {
    const result = matchersSchema.safeParse(matchers);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  }

  it("refuses what RE2 cannot run in linear time (backreferences, lookaround), naming the matcher", () => {
    expect(problems([{ field: "proc.name", op: "=~", value: "(a)\\1" }])).toEqual([expect.stringMatching(/^0\.value: not a valid RE2 regular expression/)]);
    expect(problems([{ field: "proc.name", op: "=~", value: "(?=a)a" }])).toEqual([expect.stringMatching(/^0\.value: not a valid RE2/)]);
  });

  it("refuses a priority Falco does not have, naming it", () => {
    expect(problems([{ field: "priority", op: "in", value: ["Critical", "Crit"] }])).toEqual([
      '0.value.1: one of Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug (got "Crit")',
    ]);
    expect(problems([{ field: "priority", op: "=~", value: "crit.*" }])).toEqual([]);
  });

  it("refuses values that do not fit the operator, unknown operators and bad field names", () => {
    expect(problems([{ field: "proc.name", op: "in", value: "bash" }])).toEqual(["0.value: in takes a list of values"]);
    expect(problems([{ field: "proc.name", op: "=", value: ["bash"] }])).toEqual(["0.value: = takes one value"]);
    expect(problems([{ field: "proc.name", op: "exists", value: "x" }])).toEqual(["0.value: exists takes no value"]);
    expect(problems([{ field: "proc.name", op: "~=", value: "x" }])).toEqual([expect.stringMatching(/^0\.op: one of =, !=/)]);
    expect(problems([{ field: "$where", op: "=", value: "x" }])).toEqual([expect.stringMatching(/^0\.field: a field such as/)]);
    expect(problems([])).toEqual([": name at least one matcher"]);
    expect(problems([{ field: "proc.name", op: "=", value: "x".repeat(1001) }])).toEqual(["0.value: at most 1000 characters"]);
  });
});

describe("a rule set", () => {
  const base = { mode: "enforce" as const, tenantIds: null, startsAt: null, endsAt: null };
  const rules: ActiveRule[] = [
    { ...base, id: "7", matchers: [{ field: "rule", op: "=", value: "Terminal shell in container" }, { field: "proc.name", op: "=", value: "bash" }] },
    { ...base, id: "3", matchers: [{ field: "namespace", op: "=", value: "payments" }] },
    { ...base, id: "9", mode: "shadow", matchers: [{ field: "proc.name", op: "=~", value: "ba.*" }] },
    { ...base, id: "11", tenantIds: ["t-2"], matchers: [{ field: "hostname", op: "=", value: "node-1" }] },
  ];

  it("names the oldest enforcing rule that matches, and every shadow rule that does", () => {
    expect(new RuleSet(rules).verdict(alert, "t-1")).toEqual({ suppressedBy: "3", shadowedBy: ["9"] });
    expect(new RuleSet(rules.slice(0, 1)).verdict(alert, "t-1")).toEqual({ suppressedBy: "7", shadowedBy: [] });
  });

  it("applies a rule only to its tenants, and never a tenant's rule to alerts of no tenant", () => {
    const only11 = new RuleSet([rules[3]!]);
    expect(only11.verdict(alert, "t-2").suppressedBy).toBe("11");
    expect(only11.verdict(alert, "t-1").suppressedBy).toBeNull();
    expect(only11.verdict(alert, null).suppressedBy).toBeNull();
  });

  it("applies a rule from its start until its end only", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    const timed = (startsAt: string | null, endsAt: string | null) =>
      new RuleSet([{ ...rules[1]!, startsAt: startsAt ? new Date(startsAt) : null, endsAt: endsAt ? new Date(endsAt) : null }]).verdict(alert, "t-1", now).suppressedBy;
    expect(timed(null, "2026-12-01T12:00:01Z")).toBe("3");
    expect(timed(null, "2026-12-01T12:00:00Z")).toBeNull();
    expect(timed("2026-12-01T12:00:01Z", null)).toBeNull();
    expect(timed("2026-12-01T11:00:00Z", null)).toBe("3");
  });

  it("indexes rules by the Falco rule they name, else by another value they need", () => {
    expect(indexKeyOf([{ field: "proc.name", op: "=", value: "x" }, ...rules[0]!.matchers])).toEqual({ field: "rule", values: ["Terminal shell in container"] });
    expect(indexKeyOf([{ field: "rule", op: "in", value: ["a", "b"] }])).toEqual({ field: "rule", values: ["a", "b"] });
    expect(indexKeyOf([{ field: "rule", op: "!=", value: "a" }, { field: "tags", op: "=", value: "T1059" }])).toEqual({ field: "tags", values: ["T1059"] });
    expect(indexKeyOf([{ field: "rule", op: "!=", value: "a" }])).toBeNull();
    expect(new RuleSet(rules.slice(0, 1)).verdict({ ...alert, rule: "Other rule" }, "t-1").suppressedBy).toBeNull();
    // a shadow rule reached through two of an alert's tags counts once
    const byTags: ActiveRule = { ...base, id: "5", mode: "shadow", matchers: [{ field: "tags", op: "in", value: ["container", "T1059"] }] };
    expect(new RuleSet([byTags]).verdict(alert, "t-1")).toEqual({ suppressedBy: null, shadowedBy: ["5"] });
  });
});
