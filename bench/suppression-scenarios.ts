import type { Scenario } from "@/bench/query-scenarios";
import type { Matcher } from "@/lib/suppressions/matcher";
import { previewSuppression } from "@/lib/suppressions/preview-suppression";

/*
 * Suppression previews as bench:query scenarios: `previewSuppression` as its route calls it, over
 * the default 14 days of history, for the large tenant's analyst and for an admin across every
 * tenant. Matchers on promoted fields are counted in SQL (target 50 ms for the quick answer the
 * form shows while someone types; the whole window, which the form then asks for in the
 * background, is timed against its own budgets); a regex is checked in JS on each candidate (target 2 s, after which a
 * preview says how far back it got).
 */

const largeTenant = "acme";
const completeBudgetMs = 5_000;

function preview(name: string, label: string, targetP95Ms: number, matchers: (namespace: string) => Matcher[], complete = false): Scenario[] {
  return (["tenant", "all"] as const).map((who) => ({
    name: `suppressions.preview.${name}.${who}`,
    label: `suppression preview, ${label}`,
    caller: who,
    targetP95Ms,
    prepare: async (context, caller) => ({
      run: () => previewSuppression(caller, { matchers: matchers(context.namespace), tenants: who === "tenant" ? [largeTenant] : "all", complete }),
    }),
  }));
}

const ruleAndProcess = (): Matcher[] => [
  { field: "rule", op: "=", value: "Terminal shell in container" },
  { field: "proc.name", op: "=", value: "bash" },
];
const processesInNamespace = (namespace: string): Matcher[] => [
  { field: "proc.name", op: "in", value: ["cat", "curl"] },
  { field: "namespace", op: "=", value: namespace },
];

export const suppressionScenarios: Scenario[] = [
  ...preview("ruleAndProcess", "rule = & proc.name =", 50, ruleAndProcess),
  ...preview("processesInNamespace", "proc.name in & namespace =", 50, processesInNamespace),
  // in the background, no target of the issue's: within the budgets (3 s, then 1 s for the newest alerts)
  ...preview("ruleAndProcess.complete", "rule = & proc.name =, whole window", completeBudgetMs, ruleAndProcess, true),
  ...preview("processesInNamespace.complete", "proc.name in & namespace =, whole window", completeBudgetMs, processesInNamespace, true),
  ...preview("regex", "rule = & proc.cmdline =~", 2_000, () => [
    { field: "rule", op: "=", value: "Terminal shell in container" },
    { field: "proc.cmdline", op: "=~", value: ".*bash.*" },
  ]),
];
