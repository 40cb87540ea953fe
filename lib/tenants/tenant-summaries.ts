import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { formatNamespacePattern } from "@/lib/tenants/namespace-patterns";
import { listTenants } from "@/lib/tenants/tenants";

/*
 * Tenants as admins manage them: patterns and alert counts. `db` must see every tenant
 * (getSystemDb), used only after checking that the caller is an admin.
 */

/** Every tenant in claim order (oldest first), with how many alerts it owns. */
export async function listTenantSummaries(db: Db) {
  const [tenants, counts] = await Promise.all([listTenants(db), countAlertsByTenant(db)]);
  return tenants.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    createdAt: t.createdAt,
    namespaces: t.namespaces.map(formatNamespacePattern),
    alertCount: counts.get(t.id) ?? 0,
  }));
}

export async function findTenantSummary(db: Db, slug: string) {
  const tenant = await db.tenant.findUnique({
    where: { slug },
    include: { namespaces: { orderBy: [{ clusterPattern: "asc" }, { namespacePattern: "asc" }] } },
  });
  if (!tenant) throw new AppError("not_found", `tenant: no tenant "${slug}"`);
  const sum = await db.clusterNamespace.aggregate({ where: { tenantId: tenant.id }, _sum: { alertCount: true } });
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    createdAt: tenant.createdAt,
    namespaces: tenant.namespaces.map(formatNamespacePattern),
    alertCount: Number(sum._sum.alertCount ?? 0),
  };
}

/** Summed over the pairs ingest counted: cheap, and host-level alerts belong to no tenant anyway. */
async function countAlertsByTenant(db: Db): Promise<Map<string, number>> {
  const sums = await db.clusterNamespace.groupBy({ by: ["tenantId"], where: { tenantId: { not: null } }, _sum: { alertCount: true } });
  return new Map(sums.flatMap((s) => (s.tenantId ? [[s.tenantId, Number(s._sum.alertCount ?? 0)] as const] : [])));
}
