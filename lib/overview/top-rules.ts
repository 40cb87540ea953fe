import type { Tx } from "@/lib/db/prisma";
import { inPeriod, ownerCondition, type AlertOwner } from "@/lib/overview/rollup-conditions";
import type { OverviewPeriod } from "@/lib/overview/overview-period";

export interface RuleVolume {
  rule: string;
  /** The highest priority it fired with in the period. */
  priority: string;
  /** Alerts no suppression rule matched. */
  count: number;
  suppressed: number;
}

/** The Falco rules that fired most in the period (alerts no suppression rule matched), from alert_rollups. */
export async function listTopRules(tx: Tx, owner: AlertOwner, period: OverviewPeriod, limit = 10): Promise<RuleVolume[]> {
  return tx.$queryRaw<RuleVolume[]>`
    SELECT r.rule, max(r.priority)::text AS priority, sum(r.count - r.suppressed)::float8 AS count, sum(r.suppressed)::float8 AS suppressed
    FROM alert_rollups r
    WHERE ${ownerCondition(owner)} AND ${inPeriod(period)}
    GROUP BY r.rule
    HAVING sum(r.count - r.suppressed) > 0
    ORDER BY 3 DESC, 1
    LIMIT ${limit}`;
}
