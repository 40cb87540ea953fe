import { RE2JS } from "re2js";
import { z } from "zod";
import type { OutputFields } from "@/lib/ingest/alert-schema";
import { falcoPriorityNames, parsePriority } from "@/lib/ingest/priority";
import { isPromotedField, promotedValue, scalarText } from "@/lib/ingest/promoted-fields";

/*
 * A suppression rule's matchers, in Alertmanager's form, and their evaluation against one alert.
 * Pure: ingest, the preview and the tests share this, so a rule suppresses exactly what its
 * preview shows. Regexes run in RE2 (re2js): linear time, no backreferences, fully anchored.
 */

export const matcherOperators = ["=", "!=", "=~", "!~", "in", "not in", "exists", "not exists"] as const;
export type MatcherOperator = (typeof matcherOperators)[number];

/** Fields every alert has; any other field names an `output_fields` key such as `proc.cmdline`. */
export const alertFields = ["rule", "priority", "source", "hostname", "cluster", "namespace", "tags"] as const;

export const maxValueLength = 1000;
/** Longer inputs are never matched by a regex, either way (`=~` and `!~` both fail): see `matches`. */
export const maxRegexInputLength = 10_000;
export const maxMatchers = 20;
export const maxListValues = 100;

const fieldName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w.\-[\]]{0,127}$/, "a field such as rule, namespace or proc.cmdline");
const value = z.string().max(maxValueLength, `at most ${maxValueLength} characters`);

export const matcherSchema = z
  .strictObject({
    field: fieldName,
    op: z.enum(matcherOperators, { error: `one of ${matcherOperators.join(", ")}` }),
    value: z.union([value, z.array(value).min(1, "name at least one value").max(maxListValues, `at most ${maxListValues} values`)]).optional(),
  })
  .superRefine((matcher, context) => {
    const isList = Array.isArray(matcher.value);
    if (matcher.op === "exists" || matcher.op === "not exists") {
      if (matcher.value !== undefined) context.addIssue({ code: "custom", path: ["value"], message: `${matcher.op} takes no value` });
    } else if (matcher.op === "in" || matcher.op === "not in") {
      if (!isList) context.addIssue({ code: "custom", path: ["value"], message: `${matcher.op} takes a list of values` });
    } else if (typeof matcher.value !== "string") {
      context.addIssue({ code: "custom", path: ["value"], message: `${matcher.op} takes one value` });
    } else if (matcher.op === "=~" || matcher.op === "!~") {
      const problem = regexProblem(matcher.value);
      if (problem) context.addIssue({ code: "custom", path: ["value"], message: problem });
    }
    if (isPriorityComparison(matcher)) {
      const values = Array.isArray(matcher.value) ? matcher.value : [matcher.value];
      values.forEach((name, index) => {
        if (name !== undefined && !parsePriority(name)) {
          const path = Array.isArray(matcher.value) ? ["value", index] : ["value"];
          context.addIssue({ code: "custom", path, message: `one of ${falcoPriorityNames.join(", ")} (got ${JSON.stringify(name.slice(0, 40))})` });
        }
      });
    }
  })
  // Alerts keep their priority as Falco's name in lowercase (`critical`): a priority compared by
  // name is read as Falco reads one, so `priority not in [Critical]` spares critical alerts.
  .transform((matcher) => {
    if (!isPriorityComparison(matcher) || matcher.value === undefined) return matcher;
    const canonical = (name: string) => parsePriority(name) ?? name;
    return { ...matcher, value: Array.isArray(matcher.value) ? matcher.value.map(canonical) : canonical(matcher.value) };
  });
export type Matcher = z.output<typeof matcherSchema>;

function isPriorityComparison(matcher: { field: string; op: MatcherOperator }): boolean {
  return matcher.field === "priority" && ["=", "!=", "in", "not in"].includes(matcher.op);
}

export const matchersSchema = z.array(matcherSchema).min(1, "name at least one matcher").max(maxMatchers, `at most ${maxMatchers} matchers`);

/** Whether two rules' matchers say the same, in the same order: sending a rule's own back changes nothing. */
export function isSameMatchers(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  const textOf = (matcher: Matcher) => JSON.stringify([matcher.field, matcher.op, matcher.value ?? null]);
  return a.length === b.length && a.every((matcher, index) => textOf(matcher) === textOf(b[index]!));
}

/** Why RE2 refuses a pattern (backreferences, lookaround, bad syntax), or null. */
export function regexProblem(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (error) {
    return `not a valid RE2 regular expression: ${(error as Error).message}`;
  }
}

/** What a matcher can look at: the alert as ingest has it. */
export interface MatchableAlert {
  rule: string;
  priority: string;
  source: string;
  hostname: string;
  cluster: string;
  namespace: string | null;
  tags: string[];
  outputFields: OutputFields;
}

/**
 * The field's values as text; none when it is missing, null or Falco's `<NA>`. Promoted fields
 * read as their column holds them (lib/ingest/promoted-fields.ts).
 */
export function fieldValues(alert: MatchableAlert, field: string): string[] {
  switch (field) {
    case "rule":
    case "priority":
    case "source":
    case "hostname":
    case "cluster":
      return [alert[field]];
    case "namespace":
      return alert.namespace === null ? [] : [alert.namespace];
    case "tags":
      return alert.tags;
  }
  if (isPromotedField(field)) {
    const promoted = promotedValue(alert.outputFields, field);
    return promoted === null ? [] : [promoted];
  }
  const raw = alert.outputFields[field];
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).flatMap((v) => scalarText(v) ?? []);
}

export type CompiledMatcher = (alert: MatchableAlert) => boolean;

/**
 * One matcher as a predicate. A field with several values (tags, list fields) matches a positive
 * operator when any value does, a negative one when none does; a missing field matches only the
 * negative operators and `not exists`.
 */
export function compileMatcher(matcher: Matcher): CompiledMatcher {
  const { field, op } = matcher;
  const single = typeof matcher.value === "string" ? matcher.value : "";
  const list = new Set(Array.isArray(matcher.value) ? matcher.value : []);
  switch (op) {
    case "exists":
      return (alert) => fieldValues(alert, field).length > 0;
    case "not exists":
      return (alert) => fieldValues(alert, field).length === 0;
    case "=":
      return (alert) => fieldValues(alert, field).includes(single);
    case "!=":
      return (alert) => !fieldValues(alert, field).includes(single);
    case "in":
      return (alert) => fieldValues(alert, field).some((v) => list.has(v));
    case "not in":
      return (alert) => !fieldValues(alert, field).some((v) => list.has(v));
    case "=~":
    case "!~": {
      const regex = RE2JS.compile(single);
      const fullyMatches = (v: string) => v.length <= maxRegexInputLength && regex.matches(v);
      // An input too long to match safely matches neither way: the alert stays visible.
      const isTooLong = (values: string[]) => values.some((v) => v.length > maxRegexInputLength);
      return op === "=~"
        ? (alert) => fieldValues(alert, field).some(fullyMatches)
        : (alert) => {
            const values = fieldValues(alert, field);
            return !isTooLong(values) && !values.some(fullyMatches);
          };
    }
  }
}

/** All matchers must match. */
export function compileMatchers(matchers: Matcher[]): CompiledMatcher {
  const compiled = matchers.map(compileMatcher);
  return (alert) => compiled.every((matches) => matches(alert));
}

/**
 * A field and the values one of which an alert must have there for the matchers to match (an `=`
 * or `in` matcher, the Falco rule's name when there is one), or null when there is none: what a
 * rule set indexes rules by.
 */
export function indexKeyOf(matchers: Matcher[]): { field: string; values: string[] } | null {
  const equalities = matchers.filter((m) => m.op === "=" || m.op === "in");
  const chosen = equalities.find((m) => m.field === "rule") ?? equalities[0];
  if (!chosen) return null;
  return { field: chosen.field, values: Array.isArray(chosen.value) ? chosen.value : [chosen.value!] };
}
