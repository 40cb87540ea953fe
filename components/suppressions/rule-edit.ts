import type { SuppressionItem, UpdateInput } from "@/components/suppressions/suppression-api";
import { isSameMatchers, type Matcher } from "@/lib/suppressions/matcher";

type EditFields = Omit<Extract<UpdateInput, { action: "edit" }>, "action">;

/** What the Edit form holds, besides the end. */
export interface RuleDraft {
  matchers: Matcher[];
  tenants: "all" | string[];
  comment: string;
  mode: "enforce" | "shadow";
}

/**
 * The fields of `draft` that differ from the rule as shown (matchers by value, tenants as a set):
 * an analyst rewording an administrator's forever rule must not be read as changing what it hides.
 */
export function changedFields(rule: Pick<SuppressionItem, "matchers" | "tenants" | "comment" | "mode">, draft: RuleDraft): EditFields {
  return {
    ...(!isSameMatchers(draft.matchers, rule.matchers) && { matchers: draft.matchers }),
    ...(!isSameTenants(draft.tenants, rule.tenants) && { tenants: draft.tenants }),
    ...(draft.comment.trim() !== rule.comment && { comment: draft.comment }),
    ...(draft.mode !== rule.mode && { mode: draft.mode }),
  };
}

function isSameTenants(a: "all" | string[], b: "all" | string[]): boolean {
  if (a === "all" || b === "all") return a === b;
  const slugs = new Set(a);
  return slugs.size === new Set(b).size && b.every((slug) => slugs.has(slug));
}
