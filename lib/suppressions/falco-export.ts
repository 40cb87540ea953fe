import type { Matcher } from "@/lib/suppressions/matcher";

/*
 * Suppression rules as a Falco rules file that appends `exceptions` to the Falco rules they name
 * (`override: exceptions: append`), for engineers who want the noise gone at the source. Falco's
 * exceptions AND their fields, compare with =, != or in, and know nothing of Falconry's tenants,
 * clusters, tags or regexes: a rule that needs any of those is listed as not exportable, with why.
 *
 * Falco pastes each exception value into the rule's condition as text, quoting it only when it holds
 * a space and escaping nothing: `x" or proc.name != "x` would turn the rule off everywhere, and a
 * value with a quote or a comma would fail to load or split in two. So every value goes out in
 * Falco's own quotes, escaped as its condition parser reads them (`\\`, `\"`), which Falco leaves
 * as they are. That parser reads any quote after a backslash as part of the string, so a value
 * ending in a backslash could not be closed: such a rule is not exported.
 */

export interface ExportableRule {
  id: string;
  version: number;
  comment: string;
  matchers: Matcher[];
  /** True for a rule that applies to some tenants only. */
  isTenantScoped: boolean;
  mode: "enforce" | "shadow";
  startsAt: Date | null;
  endsAt: Date | null;
}

/** A Falconry field as Falco names it for a rule of `source`: the namespace is audit events' own. */
function falcoFieldOf(field: string, source: string | undefined): string {
  if (field !== "namespace") return field;
  return source === "k8s_audit" ? "ka.target.namespace" : "k8s.ns.name";
}
const notInFalco = new Set(["priority", "source", "hostname", "cluster", "tags"]);
const falcoComps: Partial<Record<Matcher["op"], string>> = { "=": "=", "!=": "!=", in: "in" };

type Exception = { name: string; fields: string[]; comps: string[]; values: Array<string | string[]> };

/** The Falco rule names a rule's `rule` matcher gives (with = or in), or none. */
export function falcoRuleNamesOf(matchers: Matcher[]): string[] {
  const ruleMatcher = matchers.find((m) => m.field === "rule");
  if (!ruleMatcher || (ruleMatcher.op !== "=" && ruleMatcher.op !== "in")) return [];
  return Array.isArray(ruleMatcher.value) ? ruleMatcher.value : [ruleMatcher.value!];
}

/** The exception for each Falco rule a rule names, or why it cannot be one. */
export function falcoExceptionsOf(rule: ExportableRule, now = new Date()): { ruleNames: string[]; exception: Exception } | { problem: string } {
  // A Falco exception hides at once and for good: nothing Falconry would not hide now.
  if (rule.mode === "shadow") return { problem: "it is in shadow mode: it only counts what it would hide" };
  if (rule.endsAt !== null && rule.endsAt <= now) return { problem: "it has ended" };
  const ruleNames = falcoRuleNamesOf(rule.matchers);
  if (ruleNames.length === 0) return { problem: "it names no Falco rule (rule = or rule in)" };
  const ruleMatcher = rule.matchers.find((m) => m.field === "rule");
  const others = rule.matchers.filter((m) => m !== ruleMatcher);
  if (rule.isTenantScoped && !others.some((m) => m.field === "namespace" && (m.op === "=" || m.op === "in"))) {
    return { problem: "it applies to tenants, which Falco does not know: add a namespace matcher" };
  }
  const exception: Exception = { name: `falconry_suppression_${rule.id}`, fields: [], comps: [], values: [] };
  for (const matcher of others) {
    const comp = falcoComps[matcher.op];
    if (!comp) return { problem: `Falco exceptions cannot compare with ${matcher.op} (${matcher.field})` };
    if (notInFalco.has(matcher.field)) return { problem: `Falco rules cannot see ${matcher.field}` };
    if (matcher.field === "rule") return { problem: "it has more than one rule matcher" };
    const values = Array.isArray(matcher.value) ? matcher.value : [matcher.value!];
    if (values.some((value) => value.endsWith("\\"))) return { problem: `a value of ${matcher.field} ends with a backslash, which Falco's conditions cannot quote` };
    exception.fields.push(matcher.field);
    exception.comps.push(comp);
    exception.values.push(Array.isArray(matcher.value) ? values.map(falcoQuoted) : falcoQuoted(values[0]!));
  }
  if (exception.fields.length === 0) return { problem: "it matches whole Falco rules: disable them in Falco instead" };
  return { ruleNames, exception };
}

export interface FalcoFileOptions {
  now?: Date;
  /** The source (`syscall`, `k8s_audit`, …) of a Falco rule, where known: it names some fields. */
  sourceOf?: (ruleName: string) => string | undefined;
}

/** A rules file for `falco_rules.local.yaml`; `linkOf` gives each rule's page in Falconry. */
export function falcoRulesFile(rules: ExportableRule[], linkOf: (id: string) => string, { now = new Date(), sourceOf = () => undefined }: FalcoFileOptions = {}): string {
  const lines = [`# Exported from Falconry on ${now.toISOString()}: suppression rules as Falco rule exceptions.`, "# Drop into falco_rules.local.yaml (loaded after falco_rules.yaml).", ""];
  for (const rule of rules) {
    const exported = falcoExceptionsOf(rule, now);
    lines.push(`# Falconry suppression rule #${rule.id} (version ${rule.version}): ${oneLine(rule.comment)}`, `# ${linkOf(rule.id)}`);
    if ("problem" in exported) {
      lines.push(`# Not exported: ${exported.problem}.`, "");
      continue;
    }
    if (rule.startsAt !== null && rule.startsAt > now) lines.push(`# Starts at ${rule.startsAt.toISOString()} in Falconry; in Falco it hides at once.`);
    if (rule.endsAt !== null) lines.push(`# Ends at ${rule.endsAt.toISOString()} in Falconry; Falco's exceptions never end: remove this block then.`);
    if (rule.isTenantScoped) lines.push("# For some tenants in Falconry; Falco knows no clusters: load it only where their namespaces run.");
    const { exception } = exported;
    for (const name of exported.ruleNames) {
      lines.push(
        `- rule: ${yamlString(name)}`,
        "  exceptions:",
        `    - name: ${exception.name}`,
        `      fields: [${exception.fields.map((field) => yamlString(falcoFieldOf(field, sourceOf(name)))).join(", ")}]`,
        `      comps: [${exception.comps.join(", ")}]`,
        "      values:",
        `        - [${exception.values.map((v) => (Array.isArray(v) ? `[${v.map(yamlString).join(", ")}]` : yamlString(v))).join(", ")}]`,
        "  override:",
        "    exceptions: append",
      );
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

/** A value as a quoted string of Falco's condition syntax. */
function falcoQuoted(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** A double-quoted YAML scalar: JSON's string syntax is valid YAML. */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
