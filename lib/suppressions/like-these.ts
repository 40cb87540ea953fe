import type { Matcher } from "@/lib/suppressions/matcher";

/*
 * "Suppress like these": the matchers a set of groups have in common, for the person to widen or
 * narrow before saving. The rule always (one rule: `=`, several: `in`); then each of the fields
 * below when every group has the same value for it, read from its newest alert, else its identity.
 */

export interface GroupSample {
  rule: string;
  tenant: string | null;
  namespace: string | null;
  identity: Record<string, string | null>;
  /** The newest alert's values of `likeTheseFields` as text, when the group has an alert. */
  outputFields: Record<string, string | null> | null;
}

/** At most this many groups prefill the form: "like these" is for a handful, not a whole list. */
export const maxLikeTheseGroups = 50;

/** `/suppressions/new` prefilled from these groups (at most `maxLikeTheseGroups`: the page reads no more). */
export function likeTheseHref(groupIds: readonly string[]): string {
  return `/suppressions/new?${new URLSearchParams({ groups: groupIds.join(",") })}`;
}

export const likeTheseFields = ["container.image.repository", "proc.exepath", "proc.name"] as const;

function textOf(value: string | null | undefined): string | null {
  return value === undefined || value === "" || value === "<NA>" ? null : value;
}

function fieldOf(group: GroupSample, field: string): string | null {
  return textOf(group.outputFields?.[field]) ?? textOf(group.identity[field]);
}

/** The one value every group has, or null when one lacks it or they differ. */
function common(values: Array<string | null>): string | null {
  const [first] = values;
  return first !== null && first !== undefined && values.every((value) => value === first) ? first : null;
}

/** A rule to start from: its matchers, and the tenants it applies to. */
export interface RuleDraft {
  matchers: Matcher[];
  tenants: "all" | string[];
}

export function matchersLikeThese(groups: readonly GroupSample[]): RuleDraft {
  if (groups.length === 0) return { matchers: [], tenants: [] };
  const rules = [...new Set(groups.map((group) => group.rule))];
  const matchers: Matcher[] = [rules.length === 1 ? { field: "rule", op: "=", value: rules[0]! } : { field: "rule", op: "in", value: rules }];
  for (const field of likeTheseFields) {
    const value = common(groups.map((group) => fieldOf(group, field)));
    if (value !== null) matchers.push({ field, op: "=", value });
  }
  const namespace = common(groups.map((group) => group.namespace));
  if (namespace !== null) matchers.push({ field: "namespace", op: "=", value: namespace });
  // a group of no tenant (unassigned, host-level) is only reached by a rule for all tenants
  const tenants = groups.some((group) => group.tenant === null) ? "all" : [...new Set(groups.map((group) => group.tenant!))];
  return { matchers, tenants };
}
