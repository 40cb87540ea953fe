import type { Tx } from "@/lib/db/prisma";
import type { ActivityPeriod } from "@/lib/groups/activity-period";

/**
 * A group's alerts in the list's period: their count (a bigint as digits, like `count`) and a
 * sparkline of the counts per bucket, oldest first.
 */
export interface GroupActivity {
  periodCount: string;
  sparkline: { from: string; to: string; bucketHours: number; counts: number[] };
}

/**
 * The activity of a page's groups in one query over alert_group_hourly, which ingest keeps:
 * never by counting the alerts themselves (a group may hold millions). Run inside the caller's
 * scopedTransaction: row-level security hides the hours of groups outside the scope.
 */
export async function readGroupActivity(tx: Tx, groupIds: readonly string[], period: ActivityPeriod): Promise<Map<string, GroupActivity>> {
  const rows =
    groupIds.length === 0 || period.buckets === 0
      ? []
      : await tx.$queryRaw<Array<{ groupId: string; bucket: number; count: string }>>`
          SELECT h.group_id::text AS "groupId",
            floor(extract(epoch FROM h.hour - ${period.from.toISOString()}::timestamptz) / ${period.bucketHours * 3600})::int AS bucket,
            sum(h.count)::text AS count
          FROM alert_group_hourly h
          WHERE h.group_id = ANY(${[...groupIds]}::bigint[])
            AND h.hour >= ${period.from.toISOString()}::timestamptz AND h.hour < ${period.to.toISOString()}::timestamptz
          GROUP BY 1, 2`;
  const counts = new Map(groupIds.map((id) => [id, Array.from({ length: period.buckets }, () => 0n)]));
  for (const row of rows) {
    const buckets = counts.get(row.groupId);
    if (buckets && row.bucket >= 0 && row.bucket < buckets.length) buckets[row.bucket]! += BigInt(row.count);
  }
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  return new Map(
    [...counts].map(([id, buckets]) => [
      id,
      {
        periodCount: buckets.reduce((sum, n) => sum + n, 0n).toString(),
        sparkline: { from, to, bucketHours: period.bucketHours, counts: buckets.map(Number) },
      },
    ]),
  );
}
