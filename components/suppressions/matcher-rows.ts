import type { Matcher, MatcherOperator } from "@/lib/suppressions/matcher";

/*
 * The matchers editor's rows: what a person types (a field, an operator, and a value as text, a
 * comma-separated list for `in` and `not in`, `\,` a comma within a value) and the API's matchers,
 * both ways.
 */

export interface MatcherRow {
  /** Stable across edits, for React's keys. */
  key: string;
  field: string;
  op: MatcherOperator;
  value: string;
  /**
   * The list of the matcher the row was made from, sent as it is while `value` still reads as it
   * did: values the text cannot hold exactly (blank, or padded with spaces) stay as they were.
   */
  list?: readonly string[];
}

/** The fields the field input suggests; any other output field name works too. */
export const suggestedFields = [
  "rule",
  "priority",
  "source",
  "hostname",
  "cluster",
  "namespace",
  "tags",
  "proc.name",
  "proc.exepath",
  "proc.cmdline",
  "container.image.repository",
  "k8s.pod.name",
  "ka.user.name",
] as const;

export function takesList(op: MatcherOperator): boolean {
  return op === "in" || op === "not in";
}

export function takesNoValue(op: MatcherOperator): boolean {
  return op === "exists" || op === "not exists";
}

let lastKey = 0;
export function newRowKey(): string {
  lastKey += 1;
  return `row-${lastKey}`;
}

/** `a, b,c` as its values, blanks left out; `\,` is a comma within a value, `\\` a backslash before one. */
export function splitList(text: string): string[] {
  return (text.match(/(?:\\[\\,]|[^,])+/g) ?? []).map((item) => item.replace(/\\([\\,])/g, "$1").trim()).filter((value) => value !== "");
}

/** The values as splitList reads them back: commas escaped, and a backslash before a comma, a backslash or the end. */
export function joinList(values: readonly string[]): string {
  return values.map((value) => value.replace(/,|\\(?=[\\,]|$)/g, "\\$&")).join(", ");
}

/** The rows as the API's matchers: values as typed, lists split on commas, no value for `exists`. */
export function rowsToMatchers(rows: readonly MatcherRow[]): Matcher[] {
  return rows.map(({ field, op, value, list }) => {
    if (takesNoValue(op)) return { field: field.trim(), op };
    if (takesList(op)) return { field: field.trim(), op, value: list && value === joinList(list) ? [...list] : splitList(value) };
    return { field: field.trim(), op, value };
  });
}

export function matchersToRows(matchers: readonly Matcher[]): MatcherRow[] {
  return matchers.map((matcher) => ({
    key: newRowKey(),
    field: matcher.field,
    op: matcher.op,
    ...(Array.isArray(matcher.value) ? { value: joinList(matcher.value), list: matcher.value } : { value: matcher.value ?? "" }),
  }));
}
