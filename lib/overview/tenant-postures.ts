import type { Tx } from "@/lib/db/prisma";
import { hasUnsuppressedAlerts } from "@/lib/groups/group-query";
import { inPeriod, wholeHoursBetween } from "@/lib/overview/rollup-conditions";
import { bucketStarts, type OverviewPeriod } from "@/lib/overview/overview-period";

export interface TenantPosture {
  slug: string;
  name: string;
  /** Alerts no suppression rule matched in the period. */
  alerts: number;
  /**
   * The same over the period's whole hours so far, and over the period before it up to the same
   * point: the change compares these, as the hour now is in is not over yet.
   */
  comparedAlerts: number;
  previousAlerts: number;
  suppressed: number;
  /** suppressed / all alerts of the period, 0 when there were none. */
  suppressedShare: number;
  /** The period's alerts per bucket, oldest first. */
  trend: number[];
  /** Open groups whose highest priority is error or worse. */
  openSevere: number;
  /** When the open group waiting longest was first seen; null with nothing open. */
  oldestOpen: string | null;
  /** Nothing at all in the period: quiet, or blind (see the blind spots). */
  isSilent: boolean;
}

/**
 * Every tenant side by side: volume, suppressed share and trend from alert_rollups (the period, and
 * for the change its whole hours so far and the same hours of the period before); its open error-or-worse groups and its oldest open group from the partial
 * indexes of open groups. For people who see every tenant; run inside their scopedTransaction.
 */
export async function listTenantPostures(tx: Tx, period: OverviewPeriod): Promise<TenantPosture[]> {
  const volumes = await tx.$queryRaw<Array<{ tenantId: string; bucket: Date; visible: number; suppressed: number }>>`
    SELECT r.tenant_id::text AS "tenantId", r.bucket, sum(r.count - r.suppressed)::float8 AS visible, sum(r.suppressed)::float8 AS suppressed
    FROM alert_rollups r
    WHERE r.tenant_id IS NOT NULL AND ${inPeriod(period)}
    GROUP BY r.tenant_id, r.bucket`;
  const previousTo = new Date(period.previousFrom.getTime() + (period.wholeHoursTo.getTime() - period.from.getTime()));
  const compared = await tx.$queryRaw<Array<{ tenantId: string; current: number; previous: number }>>`
    SELECT r.tenant_id::text AS "tenantId",
      coalesce(sum(r.count - r.suppressed) FILTER (WHERE r.bucket >= ${period.from.toISOString()}::timestamptz), 0)::float8 AS current,
      coalesce(sum(r.count - r.suppressed) FILTER (WHERE r.bucket < ${period.from.toISOString()}::timestamptz), 0)::float8 AS previous
    FROM alert_rollups r
    WHERE r.tenant_id IS NOT NULL
      AND (${wholeHoursBetween(period, period.from, period.wholeHoursTo)} OR ${wholeHoursBetween(period, period.previousFrom, previousTo)})
    GROUP BY r.tenant_id`;
  // Per tenant, each from a partial index whose condition is the subquery's (see the
  // open_group_indexes migration): its severe open groups only, and its oldest open one.
  const tenants = await tx.$queryRaw<Array<{ id: string; slug: string; name: string; openSevere: number; oldestOpen: Date | null }>>`
    SELECT t.id::text AS id, t.slug, t.name,
      (SELECT count(*) FROM alert_groups g
        WHERE g.tenant_id = t.id AND g.status = 'open' AND ${hasUnsuppressedAlerts} AND g.max_priority >= 'error')::float8 AS "openSevere",
      (SELECT g.first_seen FROM alert_groups g
        WHERE g.tenant_id = t.id AND g.status = 'open' AND ${hasUnsuppressedAlerts} ORDER BY g.first_seen LIMIT 1) AS "oldestOpen"
    FROM tenants t
    ORDER BY t.slug`;
  const starts = bucketStarts(period);
  const index = new Map(starts.map((start, i) => [start, i]));
  const byTenant = new Map(tenants.map((t) => [t.id, { trend: starts.map(() => 0), suppressed: 0 }]));
  for (const row of volumes) {
    const tenant = byTenant.get(row.tenantId);
    const i = index.get(row.bucket.toISOString());
    if (!tenant || i === undefined) continue;
    tenant.trend[i]! += row.visible;
    tenant.suppressed += row.suppressed;
  }
  const comparedOf = new Map(compared.map((row) => [row.tenantId, row]));
  return tenants.map((t) => {
    const { trend, suppressed } = byTenant.get(t.id)!;
    const alerts = trend.reduce((sum, n) => sum + n, 0);
    return {
      slug: t.slug,
      name: t.name,
      alerts,
      comparedAlerts: comparedOf.get(t.id)?.current ?? 0,
      previousAlerts: comparedOf.get(t.id)?.previous ?? 0,
      suppressed,
      suppressedShare: alerts + suppressed === 0 ? 0 : suppressed / (alerts + suppressed),
      trend,
      openSevere: t.openSevere,
      oldestOpen: t.oldestOpen?.toISOString() ?? null,
      isSilent: alerts + suppressed === 0,
    };
  });
}
