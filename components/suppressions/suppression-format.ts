import type { Matcher } from "@/lib/suppressions/matcher";

/* How the suppression screens say a rule's parts: as text, never markup. */

/** `rule = Terminal shell`, `tags in [a, b]`, `proc.name exists`. */
export function describeMatcher(matcher: Matcher): string {
  if (matcher.value === undefined) return `${matcher.field} ${matcher.op}`;
  const value = Array.isArray(matcher.value) ? `[${matcher.value.join(", ")}]` : matcher.value;
  return `${matcher.field} ${matcher.op} ${value}`;
}

export function describeScope(tenants: "all" | string[]): string {
  return tenants === "all" ? "all tenants" : tenants.join(", ");
}

/** Where a rule is in its lifetime, from its `isActive` and its times. */
export function ruleState(rule: { isActive: boolean; startsAt: string | null; endsAt: string | null }, now = Date.now()): "active" | "expired" | "scheduled" {
  if (rule.isActive) return "active";
  if (rule.endsAt !== null && Date.parse(rule.endsAt) <= now) return "expired";
  return "scheduled";
}

export const stateLabels = { active: "active", expired: "expired", scheduled: "starts later" } as const;
