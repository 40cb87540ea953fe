import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/prisma";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { withinBudget } from "@/lib/db/within-budget";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import type { OutputFields } from "@/lib/ingest/alert-schema";
import { parseExact } from "@/lib/ingest/exact-json";
import { compileMatchers, type Matcher } from "@/lib/suppressions/matcher";
import { matchersToSql } from "@/lib/suppressions/matcher-sql";
import { resolveSuppressionScope, type SuppressionScope } from "@/lib/suppressions/suppression-scope";
import { defaultPreviewDays, maxPreviewDays, previewSuppressionSchema } from "@/lib/suppressions/suppression-schemas";
import { AppError } from "@/lib/errors";

/*
 * What a rule would have matched in stored history. Matchers with a column of their own are
 * counted in SQL; the others (regexes, unpromoted output fields) are checked in JS on each
 * candidate, newest first, for at most `scanBudgetMs`: a preview that runs out says how far back
 * it got rather than keep the person waiting. Either way a rule matches here exactly what it
 * suppresses at ingest: both use lib/suppressions/matcher.ts.
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

const scanBudgetMs = 1_500;
/** How long the SQL count may take, over the window and then over the last day and hour. */
const sqlBudgetMs = 600;
const fallbackHours = [24, 1];
const scanBatch = 2_000;
const topN = 10;
const sampleCount = 5;

export async function previewSuppression(caller: Caller | null, body: unknown): Promise<Preview> {
  const reader = requirePermission(caller, "read");
  const input = previewSuppressionSchema.parse(body);
  return scopedTransaction(getDb(), reader.scope, async (tx) => {
    const scope = await resolveSuppressionScope(tx, reader, input.tenants);
    return previewIn(tx, scope, input.matchers, input.since);
  });
}

/** The window starts on a whole hour, so per-tenant totals can come from the hourly counts. */
export function previewSince(since: string | undefined, now = Date.now()): Date {
  const start = since ? Date.parse(since) : now - defaultPreviewDays * 86_400_000;
  if (start < now - maxPreviewDays * 86_400_000) throw new AppError("invalid_input", `since: at most ${maxPreviewDays} days back`);
  return new Date(Math.floor(start / 3_600_000) * 3_600_000);
}

/** Where a rule's matches are in the window: SQL conditions, and the matchers left for JS. */
function matchesWhere(scope: SuppressionScope, matchers: Matcher[], since: Date) {
  const { conditions, remaining } = matchersToSql(matchers);
  const where = Prisma.join(
    [scope.tenantIds ? Prisma.sql`a.tenant_id = ANY(${scope.tenantIds}::uuid[])` : Prisma.sql`true`, Prisma.sql`a.time >= ${since}`, ...conditions],
    " AND ",
  );
  return { where, remaining };
}

export async function previewIn(tx: Tx, scope: SuppressionScope, matchers: Matcher[], sinceText?: string): Promise<Preview> {
  const since = previewSince(sinceText);
  const { where, remaining } = matchesWhere(scope, matchers, since);
  let tally: Tally | null;
  if (remaining.length > 0) tally = await tallyInJs(tx, where, compileMatchers(remaining));
  else {
    // Counting in SQL is exact but reads every match: a rule matching hundreds of thousands of
    // alerts is counted over a shorter window instead, and says so (`complete: false`).
    tally = await withinBudget(tx, sqlBudgetMs, () => tallyInSql(tx, where));
    for (const hours of fallbackHours) {
      if (tally) break;
      const counted = new Date(Math.max(since.getTime(), Math.floor(Date.now() / 3_600_000 - hours + 1) * 3_600_000));
      const narrowed = matchesWhere(scope, matchers, counted).where;
      tally = await withinBudget(tx, sqlBudgetMs, async () => ({ ...(await tallyInSql(tx, narrowed)), complete: false, scannedSince: counted.toISOString() }));
    }
    tally ??= { ...emptyTally(), complete: false, scannedSince: new Date().toISOString() };
  }
  const slugs = await tenantSlugs(tx, tally.byTenant.map((t) => t.tenantId));
  const byTenant = tally.byTenant.map(({ tenantId, ...counts }) => ({ tenant: tenantId && (slugs.get(tenantId) ?? null), ...counts }));
  const warnings: string[] = [];
  if (tally.critical > 0) warnings.push(`It would hide ${tally.critical} alert(s) of priority critical or higher.`);
  let total: number | null = null;
  const totals = tally.complete && tally.alerts > 0 ? await withinBudget(tx, sqlBudgetMs, () => windowTotals(tx, scope, since)) : null;
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

const sampleColumns = Prisma.sql`a.id::text AS id, a.time, a.tenant_id AS "tenantId", a.rule, a.priority::text AS priority,
  a.namespace, a.hostname, left(a.output, 500) AS output`;

async function tallyInSql(tx: Tx, where: Prisma.Sql): Promise<Tally> {
  const [counts] = await tx.$queryRaw<Array<Omit<Tally, "samples" | "complete" | "scannedSince" | "groupIds">>>`
    WITH m AS MATERIALIZED (SELECT a.group_id, a.tenant_id, a.rule, a.namespace, a.priority FROM alerts a WHERE ${where})
    SELECT (SELECT count(*)::int FROM m) AS alerts,
      (SELECT count(DISTINCT group_id)::int FROM m) AS groups,
      (SELECT count(*)::int FROM m WHERE priority >= 'critical') AS critical,
      (SELECT coalesce(json_agg(t ORDER BY t.alerts DESC), '[]') FROM (
        SELECT tenant_id AS "tenantId", count(*)::int AS alerts, count(DISTINCT group_id)::int AS groups FROM m GROUP BY 1) t) AS "byTenant",
      (SELECT coalesce(json_agg(r ORDER BY r.alerts DESC), '[]') FROM (
        SELECT rule, count(*)::int AS alerts FROM m GROUP BY 1 ORDER BY 2 DESC LIMIT ${topN}) r) AS "byRule",
      (SELECT coalesce(json_agg(n ORDER BY n.alerts DESC), '[]') FROM (
        SELECT namespace, count(*)::int AS alerts FROM m GROUP BY 1 ORDER BY 2 DESC LIMIT ${topN}) n) AS "byNamespace"`;
  const samples = await tx.$queryRaw<Array<Tally["samples"][number] & { time: Date }>>`
    SELECT ${sampleColumns} FROM alerts a WHERE ${where} ORDER BY a.time DESC, a.id DESC LIMIT ${sampleCount}`;
  return { ...counts!, samples: samples.map(withIsoTime), complete: true, scannedSince: null, groupIds: new Set() };
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

async function tallyInJs(tx: Tx, where: Prisma.Sql, matches: ReturnType<typeof compileMatchers>): Promise<Tally> {
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
    const page: Candidate[] = await tx.$queryRaw<Candidate[]>`
      SELECT a.id::text AS id, a.time, a.tenant_id AS "tenantId", a.group_id::text AS "groupId", a.rule,
        a.priority::text AS priority, a.source, a.hostname, c.name AS cluster, a.namespace, a.tags,
        a.output_fields::text AS "outputFields", left(a.output, 500) AS output
      FROM alerts a JOIN clusters c ON c.id = a.cluster_id
      WHERE ${where} ${after ? Prisma.sql`AND (a.time, a.id) < (${after.time}, ${after.id}::bigint)` : Prisma.empty}
      ORDER BY a.time DESC, a.id DESC LIMIT ${scanBatch}`;
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
    if (performance.now() - started > scanBudgetMs) break;
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
    scannedSince: complete ? null : after!.time.toISOString(),
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
    WHERE r.bucket_hours = 1 AND r.bucket >= ${since} ${scope.tenantIds ? Prisma.sql`AND r.tenant_id = ANY(${scope.tenantIds}::uuid[])` : Prisma.empty}
    GROUP BY 1`;
  return new Map(totals.map((t) => [t.tenantId, t.alerts]));
}

/** The groups a rule matches alerts of in the window (for resolving them when it is saved). */
export async function matchedGroupIds(tx: Tx, scope: SuppressionScope, matchers: Matcher[], sinceText?: string): Promise<string[]> {
  const since = previewSince(sinceText);
  const { where, remaining } = matchesWhere(scope, matchers, since);
  if (remaining.length === 0) {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT DISTINCT a.group_id::text AS id FROM alerts a WHERE ${where}`;
    return rows.map((row) => row.id);
  }
  const tally = await tallyInJs(tx, where, compileMatchers(remaining));
  if (!tally.complete) {
    throw new AppError("invalid_input", `applyToExisting: the window is too large to check every alert against these matchers; give a later "since"`);
  }
  return [...tally.groupIds];
}
