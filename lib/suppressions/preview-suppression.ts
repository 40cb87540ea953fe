import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/prisma";
import { scopedTransaction, tenantIn } from "@/lib/db/scoped-db";
import { withinBudget } from "@/lib/db/within-budget";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import type { OutputFields } from "@/lib/ingest/alert-schema";
import { parseExact } from "@/lib/ingest/exact-json";
import { compileMatchers, type Matcher } from "@/lib/suppressions/matcher";
import { matchedColumns, matchersToSql } from "@/lib/suppressions/matcher-sql";
import { resolveSuppressionScope, type SuppressionScope } from "@/lib/suppressions/suppression-scope";
import { defaultPreviewDays, maxPreviewDays, previewSuppressionSchema } from "@/lib/suppressions/suppression-schemas";
import { AppError } from "@/lib/errors";

/*
 * What a rule would have matched in stored history. Matchers with a column of their own are
 * counted in SQL; the others (regexes, unpromoted output fields) are checked in JS on each
 * candidate, newest first. Either way a rule matches here exactly what it suppresses at ingest:
 * both use lib/suppressions/matcher.ts.
 *
 * A preview is asked for on every keystroke, so by default it answers within tens of milliseconds:
 * a rule matching too many alerts to count that fast is tried on the window's newest 2,000 alerts
 * instead (a read of bounded cost, in time order), and says how far back that went (`complete:
 * false`, `scannedSince`). `complete: true` asks for the whole window, waiting up to seconds; the
 * form asks for it once the quick answer comes back partial.
 */

export interface Preview {
  since: string;
  /** Alerts of the rule's tenants in the window (when it matched some and the scan completed). */
  total: number | null;
  alerts: number;
  groups: number;
  byTenant: Array<{ tenant: string | null; alerts: number; groups: number }>;
  byRule: Array<{ rule: string; alerts: number }>;
  byNamespace: Array<{ namespace: string | null; alerts: number }>;
  samples: PreviewSample[];
  /** Alerts of priority critical or higher it would hide. */
  critical: number;
  warnings: string[];
  /**
   * False when the figures cover only `scannedSince` onwards: the JS scan ran out of time, or a
   * SQL count over the whole window would have taken too long.
   */
  complete: boolean;
  scannedSince: string | null;
}

export interface PreviewSample {
  id: string;
  time: string;
  tenant: string | null;
  rule: string;
  priority: string;
  namespace: string | null;
  hostname: string;
  output: string;
}

export interface PreviewBudget {
  /** How long the SQL count over the whole window may take. */
  windowMs: number;
  /** Failing that, how many of the window's newest alerts are checked instead, within how long. */
  newestAlerts: number;
  newestMs: number;
  /** How long the JS scan may go on before answering with what it has. */
  scanMs: number;
  /** How long reading the window's total alerts (for the "goes silent" warning) may take. */
  totalsMs: number;
}

const budgets: Record<"quick" | "complete", PreviewBudget> = {
  quick: { windowMs: 8, newestAlerts: 2_000, newestMs: 1_000, scanMs: 1_500, totalsMs: 50 },
  complete: { windowMs: 3_000, newestAlerts: 50_000, newestMs: 1_000, scanMs: 3_000, totalsMs: 500 },
};
/** Longer than a complete preview's budgets add up to, with room for a cancelled statement to stop. */
export const previewTransactionMs = 15_000;
const scanBatch = 2_000;
/** The least time a JS scan's batch is given, even once the budget is spent. */
const minBatchMs = 100;
const topN = 10;
const sampleCount = 5;

export async function previewSuppression(caller: Caller | null, body: unknown): Promise<Preview> {
  const reader = requirePermission(caller, "read");
  const input = previewSuppressionSchema.parse(body);
  return scopedTransaction(
    getDb(),
    reader.scope,
    async (tx) => {
      const scope = await resolveSuppressionScope(tx, reader, input.tenants);
      return previewIn(tx, scope, input.matchers, { since: input.since, complete: input.complete });
    },
    { timeoutMs: previewTransactionMs },
  );
}

/**
 * The window starts on a whole hour, so per-tenant totals can come from the hourly counts; and it
 * may start as early as the whole hour `maxPreviewDays` before this one, as the form's longest
 * choice does.
 */
export function previewSince(since: string | undefined, now = Date.now()): Date {
  const start = since ? Date.parse(since) : now - defaultPreviewDays * 86_400_000;
  if (start < wholeHour(now) - maxPreviewDays * 86_400_000) throw new AppError("invalid_input", `since: at most ${maxPreviewDays} days back`);
  return new Date(wholeHour(start));
}

function wholeHour(time: number): number {
  return Math.floor(time / 3_600_000) * 3_600_000;
}

/**
 * Where a rule's matches are: the alerts of its scope in the window (`window`), the conditions the
 * matchers translate to (`matches`), and the matchers left for JS.
 */
function matchesWhere(scope: SuppressionScope, matchers: Matcher[], since: Date) {
  const { conditions, remaining } = matchersToSql(matchers);
  // one tenant's newest alerts are then read in order from the (tenant_id, time) index
  const window = Prisma.sql`${tenantIn("a.tenant_id", scope.tenantIds ?? "all")} AND a.time >= ${since}`;
  return { window, matches: Prisma.join([Prisma.sql`true`, ...conditions], " AND "), remaining };
}

export interface PreviewOptions {
  since?: string;
  /** Count the whole window, waiting up to seconds (`budgets.complete`), rather than answer at once. */
  complete?: boolean;
  /** Budgets other than those of the two modes (tests). */
  budget?: PreviewBudget;
}

export async function previewIn(tx: Tx, scope: SuppressionScope, matchers: Matcher[], options: PreviewOptions = {}): Promise<Preview> {
  const since = previewSince(options.since);
  const budget = options.budget ?? budgets[options.complete ? "complete" : "quick"];
  const { window, matches, remaining } = matchesWhere(scope, matchers, since);
  let tally: Tally | null;
  if (remaining.length > 0) tally = await tallyInJs(tx, Prisma.sql`${window} AND ${matches}`, compileMatchers(remaining), budget.scanMs);
  else {
    // Counting in SQL is exact but reads every match: a rule matching more alerts than the budget
    // allows is tried on the window's newest alerts instead, and says so (`complete: false`).
    tally = await withinBudget(tx, budget.windowMs, () => tallyInSql(tx, window, matches));
    tally ??= await withinBudget(tx, budget.newestMs, () => tallyInSql(tx, window, matches, budget.newestAlerts));
    tally ??= { ...emptyTally(), complete: false, scannedSince: new Date().toISOString() };
  }
  const slugs = await tenantSlugs(tx, tally.byTenant.map((t) => t.tenantId));
  const byTenant = tally.byTenant.map(({ tenantId, ...counts }) => ({ tenant: tenantId && (slugs.get(tenantId) ?? null), ...counts }));
  const warnings: string[] = [];
  if (tally.critical > 0) warnings.push(`It would hide ${tally.critical} alert(s) of priority critical or higher.`);
  let total: number | null = null;
  const totals = tally.complete && tally.alerts > 0 ? await withinBudget(tx, budget.totalsMs, () => windowTotals(tx, scope, since)) : null;
  if (totals) {
    total = [...totals.values()].reduce((sum, n) => sum + n, 0);
    for (const { tenantId, alerts } of tally.byTenant) {
      if (tenantId && totals.get(tenantId) === alerts) {
        warnings.push(`Tenant ${slugs.get(tenantId) ?? tenantId} would go completely silent: every one of its alerts since ${since.toISOString()} matches.`);
      }
    }
  }
  return {
    since: since.toISOString(),
    total,
    alerts: tally.alerts,
    groups: tally.groups,
    byTenant,
    byRule: tally.byRule,
    byNamespace: tally.byNamespace,
    samples: tally.samples.map(({ tenantId, ...sample }) => ({ ...sample, tenant: tenantId && (slugs.get(tenantId) ?? null) })),
    critical: tally.critical,
    warnings,
    complete: tally.complete,
    scannedSince: tally.scannedSince,
  };
}

interface Tally {
  alerts: number;
  groups: number;
  byTenant: Array<{ tenantId: string | null; alerts: number; groups: number }>;
  byRule: Array<{ rule: string; alerts: number }>;
  byNamespace: Array<{ namespace: string | null; alerts: number }>;
  samples: Array<Omit<PreviewSample, "tenant"> & { tenantId: string | null }>;
  critical: number;
  complete: boolean;
  scannedSince: string | null;
  /** Filled by the JS scan only. */
  groupIds: Set<string>;
}

/** What a tally reads of each alert: the columns matchers translate to, and what it shows. */
const candidateColumns = Prisma.raw(["id", "time", "group_id", "tenant_id", ...matchedColumns].map((column) => `a.${column}`).join(", "));

/**
 * The rule's matches among the alerts of `window`: all of them, or (with `newest`) those among the
 * window's newest alerts, read in time order, which bounds the cost of a rule matching many.
 */
async function tallyInSql(tx: Tx, window: Prisma.Sql, matches: Prisma.Sql, newest?: number): Promise<Tally> {
  const candidates =
    newest === undefined
      ? Prisma.sql`NOT MATERIALIZED (SELECT ${candidateColumns} FROM alerts a WHERE ${window})`
      : Prisma.sql`MATERIALIZED (SELECT ${candidateColumns} FROM alerts a WHERE ${window} ORDER BY a.time DESC, a.id DESC LIMIT ${newest})`;
  const [tally] = await tx.$queryRaw<Array<Omit<Tally, "complete" | "scannedSince" | "groupIds" | "samples"> & { samples: Array<Tally["samples"][number]>; scanned: number | null; oldestScanned: Date | null }>>`
    WITH candidates AS ${candidates},
      m AS MATERIALIZED (SELECT a.id, a.time, a.group_id, a.tenant_id, a.rule, a.namespace, a.priority, a.hostname FROM candidates a WHERE ${matches})
    SELECT (SELECT count(*)::int FROM m) AS alerts,
      (SELECT count(DISTINCT group_id)::int FROM m) AS groups,
      (SELECT count(*)::int FROM m WHERE priority >= 'critical') AS critical,
      (SELECT coalesce(json_agg(t ORDER BY t.alerts DESC), '[]') FROM (
        SELECT tenant_id AS "tenantId", count(*)::int AS alerts, count(DISTINCT group_id)::int AS groups FROM m GROUP BY 1) t) AS "byTenant",
      (SELECT coalesce(json_agg(r ORDER BY r.alerts DESC), '[]') FROM (
        SELECT rule, count(*)::int AS alerts FROM m GROUP BY 1 ORDER BY 2 DESC LIMIT ${topN}) r) AS "byRule",
      (SELECT coalesce(json_agg(n ORDER BY n.alerts DESC), '[]') FROM (
        SELECT namespace, count(*)::int AS alerts FROM m GROUP BY 1 ORDER BY 2 DESC LIMIT ${topN}) n) AS "byNamespace",
      (SELECT coalesce(json_agg(s ORDER BY s.time DESC, s.id DESC), '[]') FROM (
        SELECT m.id::text AS id, m.time, m.tenant_id AS "tenantId", m.rule, m.priority::text AS priority, m.namespace, m.hostname,
          left(a.output, 500) AS output
        FROM (SELECT * FROM m ORDER BY time DESC, id DESC LIMIT ${sampleCount}) m JOIN alerts a ON a.id = m.id) s) AS samples,
      ${newest === undefined ? Prisma.sql`NULL::int AS scanned, NULL::timestamptz AS "oldestScanned"` : Prisma.sql`(SELECT count(*)::int FROM candidates) AS scanned, (SELECT min(time) FROM candidates) AS "oldestScanned"`}`;
  const { scanned, oldestScanned, samples, ...counts } = tally!;
  // fewer alerts in the window than were asked for: they were all checked
  const complete = newest === undefined || scanned! < newest;
  return {
    ...counts,
    samples: samples.map((sample) => ({ ...sample, time: new Date(sample.time).toISOString() })),
    complete,
    scannedSince: complete ? null : oldestScanned!.toISOString(),
    groupIds: new Set(),
  };
}

interface Candidate {
  id: string;
  time: Date;
  tenantId: string | null;
  groupId: string;
  rule: string;
  priority: string;
  source: string;
  hostname: string;
  cluster: string;
  namespace: string | null;
  tags: string[];
  outputFields: string;
  output: string;
}

async function tallyInJs(tx: Tx, where: Prisma.Sql, matches: ReturnType<typeof compileMatchers>, budgetMs: number): Promise<Tally> {
  const started = performance.now();
  const groups = new Map<string | null, Set<string>>();
  const byRule = new Map<string, number>();
  const byNamespace = new Map<string | null, number>();
  const byTenant = new Map<string | null, number>();
  const samples: Tally["samples"] = [];
  let alerts = 0;
  let critical = 0;
  let after: { time: Date; id: string } | null = null;
  let complete = false;
  for (;;) {
    // A batch slower than the time left (cold pages) is cancelled: the preview answers on time.
    const left = Math.max(budgetMs - (performance.now() - started), minBatchMs);
    const page: Candidate[] | null = await withinBudget(tx, left, () => tx.$queryRaw<Candidate[]>`
      SELECT a.id::text AS id, a.time, a.tenant_id AS "tenantId", a.group_id::text AS "groupId", a.rule,
        a.priority::text AS priority, a.source, a.hostname, c.name AS cluster, a.namespace, a.tags,
        a.output_fields::text AS "outputFields", left(a.output, 500) AS output
      FROM alerts a JOIN clusters c ON c.id = a.cluster_id
      WHERE ${where} ${after ? Prisma.sql`AND (a.time, a.id) < (${after.time}, ${after.id}::bigint)` : Prisma.empty}
      ORDER BY a.time DESC, a.id DESC LIMIT ${scanBatch}`);
    if (!page) break;
    for (const row of page) {
      if (!matches({ ...row, outputFields: parseExact(row.outputFields) as OutputFields })) continue;
      alerts++;
      if (["critical", "alert", "emergency"].includes(row.priority)) critical++;
      byTenant.set(row.tenantId, (byTenant.get(row.tenantId) ?? 0) + 1);
      byRule.set(row.rule, (byRule.get(row.rule) ?? 0) + 1);
      byNamespace.set(row.namespace, (byNamespace.get(row.namespace) ?? 0) + 1);
      const tenantGroups = groups.get(row.tenantId) ?? new Set<string>();
      tenantGroups.add(row.groupId);
      groups.set(row.tenantId, tenantGroups);
      if (samples.length < sampleCount) samples.push(withIsoTime(row));
    }
    const last = page.at(-1);
    if (!last || page.length < scanBatch) {
      complete = true;
      break;
    }
    after = { time: last.time, id: last.id };
    if (performance.now() - started > budgetMs) break;
  }
  return {
    alerts,
    groups: [...groups.values()].reduce((sum, set) => sum + set.size, 0),
    byTenant: [...byTenant].map(([tenantId, n]) => ({ tenantId, alerts: n, groups: groups.get(tenantId)?.size ?? 0 })).sort((a, b) => b.alerts - a.alerts),
    byRule: top(byRule).map(([rule, n]) => ({ rule, alerts: n })),
    byNamespace: top(byNamespace).map(([namespace, n]) => ({ namespace, alerts: n })),
    samples,
    critical,
    complete,
    scannedSince: complete ? null : (after?.time ?? new Date()).toISOString(),
    groupIds: new Set([...groups.values()].flatMap((set) => [...set])),
  };
}

function emptyTally(): Tally {
  return { alerts: 0, groups: 0, byTenant: [], byRule: [], byNamespace: [], samples: [], critical: 0, complete: true, scannedSince: null, groupIds: new Set() };
}

function top<K>(counts: Map<K, number>): Array<[K, number]> {
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, topN);
}

function withIsoTime<T extends { time: Date; id: string; tenantId: string | null; rule: string; priority: string; namespace: string | null; hostname: string; output: string }>(row: T): Tally["samples"][number] {
  const { id, time, tenantId, rule, priority, namespace, hostname, output } = row;
  return { id, time: time.toISOString(), tenantId, rule, priority, namespace, hostname, output };
}

async function tenantSlugs(tx: Tx, ids: Array<string | null>): Promise<Map<string, string>> {
  const tenants = await tx.tenant.findMany({ where: { id: { in: ids.filter((id) => id !== null) } }, select: { id: true, slug: true } });
  return new Map(tenants.map((t) => [t.id, t.slug]));
}

/** Alerts per tenant in the rule's scope since a whole hour, from the hourly rollups. */
async function windowTotals(tx: Tx, scope: SuppressionScope, since: Date): Promise<Map<string | null, number>> {
  const totals = await tx.$queryRaw<Array<{ tenantId: string | null; alerts: number }>>`
    SELECT r.tenant_id AS "tenantId", sum(r.count)::int AS alerts
    FROM alert_rollups r
    WHERE r.bucket_hours = 1 AND r.bucket >= ${since} AND ${tenantIn("r.tenant_id", scope.tenantIds ?? "all")}
    GROUP BY 1`;
  return new Map(totals.map((t) => [t.tenantId, t.alerts]));
}

/** The groups a rule matches alerts of in the window (for resolving them when it is saved). */
export async function matchedGroupIds(tx: Tx, scope: SuppressionScope, matchers: Matcher[], sinceText?: string): Promise<string[]> {
  const since = previewSince(sinceText);
  const { window, matches, remaining } = matchesWhere(scope, matchers, since);
  if (remaining.length === 0) {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT DISTINCT a.group_id::text AS id FROM alerts a WHERE ${window} AND ${matches}`;
    return rows.map((row) => row.id);
  }
  const tally = await tallyInJs(tx, Prisma.sql`${window} AND ${matches}`, compileMatchers(remaining), budgets.complete.scanMs);
  if (!tally.complete) {
    throw new AppError("invalid_input", `applyToExisting: the window is too large to check every alert against these matchers; give a later "since"`);
  }
  return [...tally.groupIds];
}
