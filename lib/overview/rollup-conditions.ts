import { Prisma } from "@/lib/generated/prisma/client.ts";
import type { OverviewPeriod } from "@/lib/overview/overview-period";

/* Conditions on alert_rollups (alias `r`) that the overview's aggregates share. */

/** Whose alerts an aggregate counts: one tenant's, or (for people who see every tenant) everyone's. */
export type AlertOwner = { tenantId: string } | "all";

export function ownerCondition(owner: AlertOwner): Prisma.Sql {
  return owner === "all" ? Prisma.sql`true` : Prisma.sql`r.tenant_id = ${owner.tenantId}::uuid`;
}

/** Rollup rows of the period's buckets (alias `r`). */
export function inPeriod(period: OverviewPeriod, from = period.from): Prisma.Sql {
  return Prisma.sql`r.bucket_hours = ${period.bucketHours}::smallint
    AND r.bucket >= ${from.toISOString()}::timestamptz AND r.bucket < ${period.to.toISOString()}::timestamptz`;
}
