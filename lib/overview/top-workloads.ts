import type { Tx } from "@/lib/db/prisma";
import type { OverviewPeriod } from "@/lib/overview/overview-period";

/** How many of a tenant's newest alerts in the period the workload ranking reads at most. */
const workloadSample = 5_000;

export interface WorkloadVolume {
  namespace: string;
  /** The container image repository, or null for alerts without one (Kubernetes audit, host processes). */
  image: string | null;
  count: number;
}

/**
 * A tenant's busiest workloads (namespace and container image) in the period, counted over its
 * newest alerts no suppression rule matched, at most `workloadSample` of them: the rollups have no
 * namespace or image, and the tenant's index on (tenant, time) bounds the read. `isPartial` says
 * the period held more.
 */
export async function listTopWorkloads(tx: Tx, tenantId: string, period: OverviewPeriod, limit = 10) {
  const rows = await tx.$queryRaw<Array<WorkloadVolume & { sampled: number }>>`
    SELECT s.namespace, s.image, count(*)::float8 AS count, sum(count(*)) OVER ()::float8 AS sampled
    FROM (
      SELECT coalesce(a.namespace, '') AS namespace, a.container_image AS image
      FROM alerts a
      WHERE a.tenant_id = ${tenantId}::uuid AND a.time >= ${period.from.toISOString()}::timestamptz
        AND a.time < ${period.to.toISOString()}::timestamptz AND a.suppressed_by IS NULL
      ORDER BY a.time DESC, a.id DESC
      LIMIT ${workloadSample}
    ) s
    GROUP BY 1, 2
    ORDER BY 3 DESC, 1, 2
    LIMIT ${limit}`;
  const sampled = rows[0]?.sampled ?? 0;
  return { items: rows.map(({ sampled: _, ...row }) => row), sampled, isPartial: sampled >= workloadSample };
}
