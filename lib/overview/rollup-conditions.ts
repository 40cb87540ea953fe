import { Prisma } from "@/lib/generated/prisma/client.ts";
import { hourMs, type OverviewPeriod } from "@/lib/overview/overview-period";

/* Conditions on alert_rollups (alias `r`) that the overview's aggregates share. */

/** Whose alerts an aggregate counts: one tenant's, or (for people who see every tenant) everyone's. */
export type AlertOwner = { tenantId: string } | "all";

export function ownerCondition(owner: AlertOwner): Prisma.Sql {
  return owner === "all" ? Prisma.sql`true` : Prisma.sql`r.tenant_id = ${owner.tenantId}::uuid`;
}

/**
 * Rollup rows counting the whole hours from `from` (a bucket's start) to `to` (an hour's start)
 * once each: the period's buckets as far as whole ones reach, hourly ones for the rest (alias `r`).
 */
export function wholeHoursBetween(period: OverviewPeriod, from: Date, to: Date): Prisma.Sql {
  const bucketMs = period.bucketHours * hourMs;
  const bucketsTo = new Date(from.getTime() + Math.floor((to.getTime() - from.getTime()) / bucketMs) * bucketMs);
  return Prisma.sql`((r.bucket_hours = ${period.bucketHours}::smallint
      AND r.bucket >= ${from.toISOString()}::timestamptz AND r.bucket < ${bucketsTo.toISOString()}::timestamptz)
    OR (r.bucket_hours = 1 AND r.bucket >= ${bucketsTo.toISOString()}::timestamptz AND r.bucket < ${to.toISOString()}::timestamptz))`;
}

/** Rollup rows of the period's buckets (alias `r`). */
export function inPeriod(period: OverviewPeriod): Prisma.Sql {
  return Prisma.sql`r.bucket_hours = ${period.bucketHours}::smallint
    AND r.bucket >= ${period.from.toISOString()}::timestamptz AND r.bucket < ${period.to.toISOString()}::timestamptz`;
}
