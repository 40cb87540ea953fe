import type { Scenario } from "@/bench/query-scenarios";
import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/prisma";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { readAlertVolume } from "@/lib/overview/alert-volume";
import { listBlindSpots } from "@/lib/overview/blind-spots";
import { listChangesSinceYesterday } from "@/lib/overview/daily-changes";
import { rankNoisyRules } from "@/lib/overview/noisy-rules";
import { overviewPeriod, overviewPeriods, type OverviewPeriod } from "@/lib/overview/overview-period";
import { readSuppressedShare } from "@/lib/overview/suppressed-share";
import { listTenantPostures } from "@/lib/overview/tenant-postures";
import { listTopRules } from "@/lib/overview/top-rules";
import { listTopWorkloads } from "@/lib/overview/top-workloads";
import { readTriageBacklog } from "@/lib/overview/triage-backlog";
import { listUnassignedVolume } from "@/lib/overview/unassigned-volume";

/*
 * Each chart of the tenant home and the central overview as a bench:query scenario: its
 * lib/overview function, run as its page runs it (the app's role, a transaction under the
 * caller's scope, so row-level security applies), for each period where it has one. The tenant
 * charts are those of the large tenant, as its analyst sees them.
 */

const chartTargetMs = 300;

type Chart = (tx: Tx, tenantId: string, period: OverviewPeriod) => Promise<unknown>;

function tenantIdOf(caller: Caller): string {
  if (caller.scope === "all" || !caller.scope[0]) throw new Error("the tenant scenarios need a caller of one tenant");
  return caller.scope[0];
}

function chart(name: string, label: string, caller: "tenant" | "all", run: Chart, periods: readonly (typeof overviewPeriods)[number][] = overviewPeriods): Scenario[] {
  return periods.map((p) => ({
    name: `${name}.${p}.${caller}`,
    label: `${label}, ${p}`,
    caller,
    targetP95Ms: chartTargetMs,
    prepare: async (_context, who) => {
      const tenantId = caller === "tenant" ? tenantIdOf(who) : "";
      return { run: () => scopedTransaction(getDb(), who.scope, (tx) => run(tx, tenantId, overviewPeriod(p))) };
    },
  }));
}

export const overviewScenarios: Scenario[] = [
  ...chart("home.volume", "tenant home: alerts over time by priority", "tenant", (tx, tenantId, period) => readAlertVolume(tx, { tenantId }, period)),
  ...chart("home.topRules", "tenant home: top rules", "tenant", (tx, tenantId, period) => listTopRules(tx, { tenantId }, period)),
  ...chart("home.topWorkloads", "tenant home: top workloads (newest 5,000 alerts)", "tenant", (tx, tenantId, period) => listTopWorkloads(tx, tenantId, period)),
  ...chart("home.suppressed", "tenant home: suppressed share and rules", "tenant", (tx, tenantId, period) => readSuppressedShare(tx, tenantId, period)),
  ...chart("home.backlog", "tenant home: open groups by priority, backlog", "tenant", (tx, tenantId) => readTriageBacklog(tx, tenantId), ["7d"]),
  ...chart("home.changes", "tenant home: since yesterday", "tenant", (tx, tenantId) => listChangesSinceYesterday(tx, tenantId), ["24h"]),
  ...chart("overview.volume", "overview: alert volume by priority", "all", (tx, _t, period) => readAlertVolume(tx, "all", period)),
  ...chart("overview.tenants", "overview: tenants side by side", "all", (tx, _t, period) => listTenantPostures(tx, period)),
  ...chart("overview.noisyRules", "overview: rule noise ranking", "all", (tx, _t, period) => rankNoisyRules(tx, period)),
  ...chart("overview.blindSpots", "overview: blind or quiet", "all", (tx, _t, period) => listBlindSpots(tx, period)),
  ...chart("overview.unassigned", "overview: unassigned namespaces", "all", (tx) => listUnassignedVolume(tx), ["7d"]),
];
