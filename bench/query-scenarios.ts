import { listAlerts } from "@/lib/alerts/list-alerts";
import type { Caller } from "@/lib/auth/caller";
import { getSystemDb } from "@/lib/db";
import { countGroups } from "@/lib/groups/count-groups";
import { listGroups } from "@/lib/groups/list-groups";
import { listTenantSummaries } from "@/lib/tenants/tenant-summaries";
import { overviewScenarios } from "@/bench/overview-scenarios";
import { suppressionScenarios } from "@/bench/suppression-scenarios";

/*
 * What `npm run bench:query` times: named scenarios, each calling the app's library as its API
 * route does (the app's role, row-level security, the caller's scope). A scenario may do untimed
 * work first (walking cursors to a deep page) and returns the call to time. Later benchmarks of
 * the same dataset (suppression previews, overview charts) add theirs to `scenarios`.
 */

export interface ScenarioContext {
  /** An analyst of the large tenant only. */
  tenantCaller: Caller;
  /** An admin: every tenant, unassigned and host-level groups too. */
  allCaller: Caller;
  /** A namespace of the large tenant, for filters. */
  namespace: string;
  /** How deep the deep pages are, in rows. */
  depth: number;
  log(line: string): void;
}

export interface Scenario {
  name: string;
  /** What it shows, for the table. */
  label: string;
  caller: "tenant" | "all";
  targetP95Ms: number;
  /** Untimed preparation; answers the call to time and, for deep pages, how deep it starts. */
  prepare(context: ScenarioContext, caller: Caller): Promise<{ run: () => Promise<unknown>; depth?: number }>;
}

const pageTargetMs = 20;
const countTargetMs = 100;

type Page = { items: unknown[]; nextCursor: string | null };

/** Follows cursors with pages of `step` rows until `depth` rows are behind; the cursor there. */
async function walk(list: (query: Record<string, string>) => Promise<Page>, query: Record<string, string>, depth: number, step: number) {
  let cursor: string | null = null;
  let behind = 0;
  while (behind < depth) {
    const limit = Math.min(step, depth - behind);
    const page: Page = await list({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    if (!page.nextCursor) break; // the list is not that long: as deep as it goes, with a page still to read
    behind += page.items.length;
    cursor = page.nextCursor;
  }
  return { cursor, behind };
}

function page(name: string, label: string, call: (caller: Caller, query: Record<string, string>) => Promise<Page>, query: Record<string, string>, step: number): Scenario[] {
  return (["tenant", "all"] as const).flatMap((who) => [
    {
      name: `${name}.first.${who}`,
      label: `${label}, first page`,
      caller: who,
      targetP95Ms: pageTargetMs,
      prepare: async (_context, caller) => ({ run: () => call(caller, query) }),
    },
    {
      name: `${name}.deep.${who}`,
      label: `${label}, page deep down`,
      caller: who,
      targetP95Ms: pageTargetMs,
      prepare: async (context, caller) => {
        const { cursor, behind } = await walk((q) => call(caller, q), query, context.depth, step);
        context.log(`  ${name}.deep.${who}: walked ${behind} rows`);
        return { run: () => call(caller, { ...query, ...(cursor ? { cursor } : {}) }), depth: behind };
      },
    },
  ]);
}

function filtered(name: string, label: string, query: (context: ScenarioContext) => Record<string, string>): Scenario[] {
  return (["tenant", "all"] as const).flatMap((who) => [
    {
      name: `groups.${name}.${who}`,
      label: `groups, ${label}`,
      caller: who,
      targetP95Ms: pageTargetMs,
      prepare: async (context, caller) => ({ run: () => listGroups(caller, query(context)) }),
    },
    {
      name: `groups.${name}.count.${who}`,
      label: `count of groups, ${label}`,
      caller: who,
      targetP95Ms: countTargetMs,
      prepare: async (context, caller) => ({ run: () => countGroups(caller, query(context)) }),
    },
  ]);
}

export const scenarios: Scenario[] = [
  ...page("alerts", "alerts", listAlerts, {}, 500),
  ...page("groups", "groups", listGroups, {}, 200),
  ...filtered("openInNamespace", "status=open & namespace", (c) => ({ status: "open", namespace: c.namespace })),
  ...filtered("errorWithTag", "priority>=error & tag", () => ({ priority: "error", tag: "mitre_credential_access" })),
  ...(["tenant", "all"] as const).map((who): Scenario => ({
    name: `groups.count.${who}`,
    label: "count of groups, no filter",
    caller: who,
    targetP95Ms: countTargetMs,
    prepare: async (_context, caller) => ({ run: () => countGroups(caller, {}) }),
  })),
  {
    name: "tenants.alertCounts.all",
    label: "alert count of every tenant (admin's tenant list)",
    caller: "all",
    targetP95Ms: countTargetMs,
    prepare: async () => ({ run: () => listTenantSummaries(getSystemDb()) }),
  },
  ...overviewScenarios,
  ...suppressionScenarios,
];
