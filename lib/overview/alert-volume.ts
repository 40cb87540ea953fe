import type { Tx } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { bucketStarts, type OverviewPeriod } from "@/lib/overview/overview-period";
import { inPeriod, ownerCondition, type AlertOwner } from "@/lib/overview/rollup-conditions";

export interface VolumeBucket {
  /** The bucket's start (RFC 3339). */
  from: string;
  /** Alerts no suppression rule matched, by priority. */
  byPriority: Partial<Record<string, number>>;
  suppressed: number;
}

/**
 * Alerts per bucket of the period by priority, and the suppressed ones beside them, from
 * alert_rollups. Run inside the caller's scopedTransaction.
 */
export async function readAlertVolume(tx: Tx, owner: AlertOwner, period: OverviewPeriod): Promise<VolumeBucket[]> {
  const rows = await tx.$queryRaw<Array<{ bucket: Date; priority: string; visible: number; suppressed: number }>>`
    SELECT r.bucket, r.priority::text AS priority, sum(r.count - r.suppressed)::float8 AS visible, sum(r.suppressed)::float8 AS suppressed
    FROM alert_rollups r
    WHERE ${ownerCondition(owner)} AND ${inPeriod(period)}
    GROUP BY 1, 2`;
  const buckets = new Map(bucketStarts(period).map((from): [string, VolumeBucket] => [from, { from, byPriority: {}, suppressed: 0 }]));
  for (const row of rows) {
    const bucket = buckets.get(row.bucket.toISOString());
    if (!bucket) continue;
    if (row.visible > 0) bucket.byPriority[row.priority] = (bucket.byPriority[row.priority] ?? 0) + row.visible;
    bucket.suppressed += row.suppressed;
  }
  return [...buckets.values()];
}
