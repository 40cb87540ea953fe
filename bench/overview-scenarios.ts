import { performance } from "node:perf_hooks";
import { percentile, round } from "@/bench/figures";
import type { Caller } from "@/lib/auth/caller";
import type { Db, Tx } from "@/lib/db/prisma";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { readAlertVolume } from "@/lib/overview/alert-volume";
import { listBlindSpots } from "@/lib/overview/blind-spots";
import { listChangesSinceYesterday } from "@/lib/overview/daily-changes";
import { rankNoisyRules } from "@/lib/overview/noisy-rules";
import { overviewPeriod, overviewPeriods } from "@/lib/overview/overview-period";
import { readSuppressedShare } from "@/lib/overview/suppressed-share";
import { listTenantPostures } from "@/lib/overview/tenant-postures";
import { listTopRules } from "@/lib/overview/top-rules";
import { listTopWorkloads } from "@/lib/overview/top-workloads";
import { readTriageBacklog } from "@/lib/overview/triage-backlog";
import { listUnassignedVolume } from "@/lib/overview/unassigned-volume";

/*
 * Each chart of the tenant home and the central overview as one scenario: its lib/overview
 * function, run as its page runs it (the app's role, a transaction under the caller's scope, so
 * row-level security applies), for each period where it has one. Written to join bench:query's
 * scenarios (bench/query-scenarios.ts) over the same 10-million-alert dataset.
 */

export const chartTargetP95Ms = 300;

export interface OverviewCallers {
  /** Someone who sees one tenant only: the large one. */
  tenant: Caller;
  tenantId: string;
  /** Someone who sees every tenant. */
  all: Caller;
}

export interface OverviewScenario {
  name: string;
  caller: "tenant" | "all";
  run(tx: Tx, callers: OverviewCallers): Promise<unknown>;
}

const periodic = (name: string, caller: "tenant" | "all", run: (tx: Tx, callers: OverviewCallers, period: ReturnType<typeof overviewPeriod>) => Promise<unknown>) =>
  overviewPeriods.map((p): OverviewScenario => ({ name: `${name}.${p}`, caller, run: (tx, callers) => run(tx, callers, overviewPeriod(p)) }));

export const overviewScenarios: OverviewScenario[] = [
  ...periodic("tenantHome.volume", "tenant", (tx, c, period) => readAlertVolume(tx, { tenantId: c.tenantId }, period)),
  ...periodic("tenantHome.topRules", "tenant", (tx, c, period) => listTopRules(tx, { tenantId: c.tenantId }, period)),
  ...periodic("tenantHome.topWorkloads", "tenant", (tx, c, period) => listTopWorkloads(tx, c.tenantId, period)),
  ...periodic("tenantHome.suppressed", "tenant", (tx, c, period) => readSuppressedShare(tx, c.tenantId, period)),
  { name: "tenantHome.backlog", caller: "tenant", run: (tx, c) => readTriageBacklog(tx, c.tenantId) },
  { name: "tenantHome.changes", caller: "tenant", run: (tx, c) => listChangesSinceYesterday(tx, c.tenantId) },
  ...periodic("overview.volume", "all", (tx, _c, period) => readAlertVolume(tx, "all", period)),
  ...periodic("overview.tenants", "all", (tx, _c, period) => listTenantPostures(tx, period)),
  ...periodic("overview.noisyRules", "all", (tx, _c, period) => rankNoisyRules(tx, period)),
  ...periodic("overview.blindSpots", "all", (tx, _c, period) => listBlindSpots(tx, period)),
  { name: "overview.unassigned", caller: "all", run: (tx) => listUnassignedVolume(tx) },
];

export interface OverviewTiming {
  name: string;
  caller: "tenant" | "all";
  p50Ms: number;
  p95Ms: number;
  targetP95Ms: number;
  isMet: boolean;
}

/** Times every scenario (after `warmup` untimed runs) through `db`, the app role's client. */
export async function timeOverviewScenarios(
  db: Db,
  callers: OverviewCallers,
  options: { runs: number; warmup?: number; only?: string; log?: (line: string) => void },
): Promise<OverviewTiming[]> {
  const timings: OverviewTiming[] = [];
  for (const scenario of overviewScenarios.filter((s) => !options.only || s.name.includes(options.only))) {
    const caller = scenario.caller === "tenant" ? callers.tenant : callers.all;
    const once = () => scopedTransaction(db, caller.scope, (tx) => scenario.run(tx, callers));
    for (let i = 0; i < (options.warmup ?? 3); i++) await once();
    const latencies: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const startedAt = performance.now();
      await once();
      latencies.push(performance.now() - startedAt);
    }
    const sorted = latencies.toSorted((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    const timing = { name: scenario.name, caller: scenario.caller, p50Ms: round(percentile(sorted, 50)), p95Ms: round(p95), targetP95Ms: chartTargetP95Ms, isMet: p95 < chartTargetP95Ms };
    options.log?.(`${timing.name}: p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms${timing.isMet ? "" : " MISSED"}`);
    timings.push(timing);
  }
  return timings;
}
