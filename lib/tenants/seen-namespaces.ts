import type { Db } from "@/lib/db/prisma";
import type { SeenNamespace } from "@/lib/tenants/preview-namespace-patterns";

/*
 * The (cluster, namespace) pairs ingest has seen, from cluster_namespaces. Row-level security hides
 * unassigned pairs from every scope but "all": pass a client that sees every tenant (getSystemDb),
 * and only after checking that the caller is an admin.
 */

/** Every pair seen, with its alert count and the slug of the tenant its alerts belong to now. */
export async function listSeenNamespaces(db: Db): Promise<SeenNamespace[]> {
  const rows = await db.clusterNamespace.findMany({
    select: { namespace: true, alertCount: true, cluster: { select: { name: true } }, tenant: { select: { slug: true } } },
    orderBy: [{ cluster: { name: "asc" } }, { namespace: "asc" }],
  });
  return rows.map((row) => ({
    cluster: row.cluster.name,
    namespace: row.namespace,
    alertCount: Number(row.alertCount),
    tenant: row.tenant?.slug ?? null,
  }));
}

/** Pairs whose alerts belong to no tenant, most alerts first: the ones a tenant should claim. */
export async function listUnassignedNamespaces(db: Db, options: { limit?: number } = {}) {
  const rows = await db.clusterNamespace.findMany({
    where: { tenantId: null },
    select: { namespace: true, alertCount: true, lastSeen: true, cluster: { select: { name: true } } },
    orderBy: [{ alertCount: "desc" }, { cluster: { name: "asc" } }, { namespace: "asc" }],
    take: Math.min(Math.max(options.limit ?? 200, 1), 1000),
  });
  return rows.map((row) => ({ cluster: row.cluster.name, namespace: row.namespace, alertCount: Number(row.alertCount), lastSeen: row.lastSeen }));
}
