import { describe, expect, it } from "vitest";
import { falcoExceptionsOf, falcoRulesFile, type ExportableRule } from "@/lib/suppressions/falco-export";

const rule: ExportableRule = {
  id: "12",
  version: 2,
  comment: "apt-get in the\nnightly patch job",
  isTenantScoped: false,
  mode: "enforce",
  startsAt: null,
  endsAt: null,
  matchers: [
    { field: "rule", op: "=", value: "Terminal shell in container" },
    { field: "proc.name", op: "=", value: "apt-get" },
    { field: "namespace", op: "in", value: ["payments", "web"] },
  ],
};

describe("the Falco export", () => {
  it("appends one exception to the named rule, with a comment linking back", () => {
    expect(falcoRulesFile([rule], (id) => `https://falconry.example/suppressions/${id}`, { now: new Date("2026-12-01T00:00:00Z") })).toBe(
      [
        "# Exported from Falconry on 2026-12-01T00:00:00.000Z: suppression rules as Falco rule exceptions.",
        "# Drop into falco_rules.local.yaml (loaded after falco_rules.yaml).",
        "",
        "# Falconry suppression rule #12 (version 2): apt-get in the nightly patch job",
        "# https://falconry.example/suppressions/12",
        '- rule: "Terminal shell in container"',
        "  exceptions:",
        "    - name: falconry_suppression_12",
        '      fields: ["proc.name", "k8s.ns.name"]',
        "      comps: [=, in]",
        "      values:",
        '        - ["\\"apt-get\\"", ["\\"payments\\"", "\\"web\\""]]',
        "  override:",
        "    exceptions: append",
        "",
        "",
      ].join("\n"),
    );
  });

  it("names the namespace as each named rule's source has it: Kubernetes audit events carry their own", () => {
    const both = { ...rule, matchers: [{ field: "rule", op: "in" as const, value: ["Attach/Exec Pod", "Terminal shell in container"] }, { field: "namespace", op: "=" as const, value: "web" }] };
    const file = falcoRulesFile([both], (id) => id, { sourceOf: (name) => (name === "Attach/Exec Pod" ? "k8s_audit" : "syscall") });
    expect(file).toContain('- rule: "Attach/Exec Pod"\n  exceptions:\n    - name: falconry_suppression_12\n      fields: ["ka.target.namespace"]');
    expect(file).toContain('- rule: "Terminal shell in container"\n  exceptions:\n    - name: falconry_suppression_12\n      fields: ["k8s.ns.name"]');
  });

  it("writes one block per rule named with `rule in`, and quotes what YAML would misread", () => {
    const file = falcoRulesFile(
      [{ ...rule, matchers: [{ field: "rule", op: "in", value: ["A: b", "C"] }, { field: "proc.cmdline", op: "!=", value: '#"[x]' }] }],
      (id) => id,
    );
    expect(file).toContain('- rule: "A: b"');
    expect(file).toContain('- rule: "C"');
    expect(file).toContain('        - ["\\"#\\\\\\"[x]\\""]');
    expect(file).toContain("      comps: [!=]");
  });

  it("writes each value in Falco's own quotes, escaped, so that none can change the condition it joins", () => {
    const values = (matchers: ExportableRule["matchers"]) => {
      const exported = falcoExceptionsOf({ ...rule, matchers: [rule.matchers[0]!, ...matchers] });
      return "problem" in exported ? exported.problem : exported.exception.values;
    };
    // Falco pastes values into the condition: `proc.cmdline = "x\" or proc.name != \"x"` stays one comparison
    expect(values([{ field: "proc.cmdline", op: "=", value: 'x" or proc.name != "x' }])).toEqual(['"x\\" or proc.name != \\"x"']);
    expect(values([{ field: "proc.cmdline", op: "in", value: ['sh -c "apt-get update"', "a,b", ""] }])).toEqual([['"sh -c \\"apt-get update\\""', '"a,b"', '""']]);
    expect(values([{ field: "fd.name", op: "=", value: "C:\\temp\\x" }])).toEqual(['"C:\\\\temp\\\\x"']);
    expect(values([{ field: "fd.name", op: "in", value: ["ok", "C:\\temp\\"] }])).toBe("a value of fd.name ends with a backslash, which Falco's conditions cannot quote");
  });

  it("exports only what Falconry hides now, saying when and for whom it does: Falco's exceptions hide at once, for good, on every cluster", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const problem = (changes: Partial<ExportableRule>) => {
      const exported = falcoExceptionsOf({ ...rule, ...changes }, now);
      return "problem" in exported ? exported.problem : null;
    };
    expect(problem({ mode: "shadow" })).toBe("it is in shadow mode: it only counts what it would hide");
    expect(problem({ endsAt: now })).toBe("it has ended");
    const file = falcoRulesFile([{ ...rule, isTenantScoped: true, startsAt: new Date("2026-12-02T00:00:00Z"), endsAt: new Date("2026-12-08T00:00:00Z") }], (id) => id, { now });
    expect(file).toContain(
      "# Starts at 2026-12-02T00:00:00.000Z in Falconry; in Falco it hides at once.\n" +
        "# Ends at 2026-12-08T00:00:00.000Z in Falconry; Falco's exceptions never end: remove this block then.\n" +
        "# For some tenants in Falconry; Falco knows no clusters: load it only where their namespaces run.\n" +
        '- rule: "Terminal shell in container"',
    );
  });

  it("says why a rule cannot be a Falco exception", () => {
    const problem = (changes: Partial<ExportableRule>) => {
      const exported = falcoExceptionsOf({ ...rule, ...changes });
      return "problem" in exported ? exported.problem : null;
    };
    expect(problem({ matchers: [{ field: "proc.name", op: "=", value: "x" }] })).toBe("it names no Falco rule (rule = or rule in)");
    expect(problem({ matchers: [...rule.matchers, { field: "proc.cmdline", op: "=~", value: ".*x" }] })).toBe("Falco exceptions cannot compare with =~ (proc.cmdline)");
    expect(problem({ matchers: [...rule.matchers, { field: "cluster", op: "=", value: "prod" }] })).toBe("Falco rules cannot see cluster");
    expect(problem({ isTenantScoped: true, matchers: rule.matchers.slice(0, 2) })).toBe("it applies to tenants, which Falco does not know: add a namespace matcher");
    expect(problem({ isTenantScoped: true })).toBeNull();
    expect(problem({ matchers: rule.matchers.slice(0, 1) })).toBe("it matches whole Falco rules: disable them in Falco instead");
    const file = falcoRulesFile([{ ...rule, matchers: rule.matchers.slice(1) }], (id) => id);
    expect(file).toContain("# Not exported: it names no Falco rule (rule = or rule in).");
    expect(file).not.toContain("- rule:");
  });
});
