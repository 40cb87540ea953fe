import type { Tx } from "@/lib/db/prisma";
import { inPeriod } from "@/lib/overview/rollup-conditions";
import type { OverviewPeriod } from "@/lib/overview/overview-period";

export interface NoisyRule {
  rule: string;
  /** Every alert of the rule in the period, suppressed ones included: the noise it makes. */
  alerts: number;
  suppressed: number;
  suppressedShare: number;
  /** How many tenants it fired in (unassigned and host-level alerts belong to none). */
  tenants: number;
  /** Of the rule's groups closed so far (resolved or false positive), the share closed as false positive. */
  closedGroups: number;
  falsePositiveShare: number;
}

/**
 * The Falco rules making the most noise across tenants in the period: a rule hitting many tenants
 * with a high false-positive or suppressed share wants fixing once, globally; one tenant's noise, a
 * suppression rule of its own. Volume from alert_rollups; statuses from the rule's closed groups
 * (a partial index of closed groups by rule, with their tenant). For people who see every tenant.
 */
export async function rankNoisyRules(tx: Tx, period: OverviewPeriod, limit = 15): Promise<NoisyRule[]> {
  return tx.$queryRaw<NoisyRule[]>`
    SELECT v.rule, v.alerts, v.suppressed, CASE WHEN v.alerts = 0 THEN 0 ELSE v.suppressed / v.alerts END AS "suppressedShare",
      v.tenants, c.closed AS "closedGroups", CASE WHEN c.closed = 0 THEN 0 ELSE c.false_positive / c.closed END AS "falsePositiveShare"
    FROM (
      SELECT r.rule, sum(r.count)::float8 AS alerts, sum(r.suppressed)::float8 AS suppressed, count(DISTINCT r.tenant_id)::float8 AS tenants
      FROM alert_rollups r
      WHERE ${inPeriod(period)}
      GROUP BY r.rule
      ORDER BY 2 DESC, 1
      LIMIT ${limit}
    ) v
    CROSS JOIN LATERAL (
      SELECT count(*)::float8 AS closed, count(*) FILTER (WHERE g.status = 'false_positive')::float8 AS false_positive
      FROM alert_groups g WHERE g.rule = v.rule AND g.status IN ('resolved', 'false_positive')
    ) c
    ORDER BY v.alerts DESC, v.rule`;
}
