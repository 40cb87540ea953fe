import type { Tx } from "@/lib/db/prisma";
import { hourMs } from "@/lib/overview/overview-period";

export interface RuleChange {
  rule: string;
  /** Alerts (no suppression rule matched) in the last 24 hours, and in the 24 before. */
  today: number;
  yesterday: number;
  isNew: boolean;
}

export interface DailyChanges {
  /**
   * The last 24 whole hours, to the start of the hour now is in, and the 24 before them: the hour
   * not yet over is left out, as a part of an hour against a whole one looks like a fall.
   */
  since: string;
  until: string;
  yesterdaySince: string;
  today: number;
  yesterday: number;
  /** The rules whose volume moved most, new ones first. */
  rules: RuleChange[];
}

/**
 * What changed since yesterday for a tenant: its alerts per rule in the last 24 whole hours against
 * the 24 before, from the hourly rollups; rules that did not fire the day before come first.
 */
export async function listChangesSinceYesterday(tx: Tx, tenantId: string, now = new Date(), limit = 8): Promise<DailyChanges> {
  const to = Math.floor(now.getTime() / hourMs) * hourMs;
  const since = new Date(to - 24 * hourMs);
  const yesterdaySince = new Date(to - 48 * hourMs);
  const rows = await tx.$queryRaw<Array<{ rule: string; today: number; yesterday: number }>>`
    SELECT r.rule,
      coalesce(sum(r.count - r.suppressed) FILTER (WHERE r.bucket >= ${since.toISOString()}::timestamptz), 0)::float8 AS today,
      coalesce(sum(r.count - r.suppressed) FILTER (WHERE r.bucket < ${since.toISOString()}::timestamptz), 0)::float8 AS yesterday
    FROM alert_rollups r
    WHERE r.tenant_id = ${tenantId}::uuid AND r.bucket_hours = 1
      AND r.bucket >= ${yesterdaySince.toISOString()}::timestamptz AND r.bucket < ${new Date(to).toISOString()}::timestamptz
    GROUP BY r.rule`;
  const rules = rows
    .filter((row) => row.today !== row.yesterday)
    .map((row) => ({ ...row, isNew: row.yesterday === 0 }))
    .sort((a, b) => Number(b.isNew) - Number(a.isNew) || Math.abs(b.today - b.yesterday) - Math.abs(a.today - a.yesterday) || a.rule.localeCompare(b.rule))
    .slice(0, limit);
  return {
    since: since.toISOString(),
    until: new Date(to).toISOString(),
    yesterdaySince: yesterdaySince.toISOString(),
    today: rows.reduce((sum, row) => sum + row.today, 0),
    yesterday: rows.reduce((sum, row) => sum + row.yesterday, 0),
    rules,
  };
}
