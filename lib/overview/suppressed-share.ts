import type { Tx } from "@/lib/db/prisma";
import { inPeriod } from "@/lib/overview/rollup-conditions";
import type { OverviewPeriod } from "@/lib/overview/overview-period";

export interface SuppressedShare {
  total: number;
  suppressed: number;
  /** suppressed / total, 0 when there is nothing. */
  share: number;
  /** The Falco rules whose alerts were suppressed most. */
  byRule: Array<{ rule: string; suppressed: number }>;
  /** The suppression rules that did it, most alerts first. */
  bySuppression: Array<{ id: string; comment: string; suppressed: number }>;
}

/**
 * How much of a tenant's alerts suppression rules hid in the period: the share from alert_rollups,
 * the suppression rules from the tenant's suppressed alerts alone (a partial index holds only
 * those, so the read grows with what was suppressed, not with what arrived).
 */
export async function readSuppressedShare(tx: Tx, tenantId: string, period: OverviewPeriod, limit = 5): Promise<SuppressedShare> {
  const byRule = await tx.$queryRaw<Array<{ rule: string; total: number; suppressed: number }>>`
    SELECT r.rule, sum(r.count)::float8 AS total, sum(r.suppressed)::float8 AS suppressed
    FROM alert_rollups r
    WHERE r.tenant_id = ${tenantId}::uuid AND ${inPeriod(period)}
    GROUP BY r.rule`;
  const total = byRule.reduce((sum, row) => sum + row.total, 0);
  const suppressed = byRule.reduce((sum, row) => sum + row.suppressed, 0);
  const bySuppression =
    suppressed === 0
      ? []
      : await tx.$queryRaw<Array<{ id: string; comment: string; suppressed: number }>>`
          SELECT s.id::text AS id, coalesce(sr.comment, '') AS comment, s.suppressed
          FROM (
            SELECT a.suppressed_by AS id, count(*)::float8 AS suppressed
            FROM alerts a
            WHERE a.tenant_id = ${tenantId}::uuid AND a.suppressed_by IS NOT NULL
              AND a.time >= ${period.from.toISOString()}::timestamptz AND a.time < ${period.to.toISOString()}::timestamptz
            GROUP BY 1
          ) s
          LEFT JOIN suppression_rules sr ON sr.id = s.id
          ORDER BY s.suppressed DESC, s.id
          LIMIT ${limit}`;
  return {
    total,
    suppressed,
    share: total === 0 ? 0 : suppressed / total,
    byRule: byRule
      .filter((row) => row.suppressed > 0)
      .sort((a, b) => b.suppressed - a.suppressed || a.rule.localeCompare(b.rule))
      .slice(0, limit)
      .map(({ rule, suppressed: n }) => ({ rule, suppressed: n })),
    bySuppression,
  };
}
