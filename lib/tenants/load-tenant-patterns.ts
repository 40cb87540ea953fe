import type { Sql, SqlTransaction } from "@/lib/db/sql";
import type { TenantPatterns } from "@/lib/tenants/namespace-patterns";

/** Every tenant's patterns, oldest tenant first: the order in which they claim namespaces. */
export async function loadTenantPatterns(sql: Sql | SqlTransaction): Promise<TenantPatterns[]> {
  const rows = await sql<{ tenantId: string; clusterPattern: string; namespacePattern: string }[]>`
    SELECT t.id AS "tenantId", n.cluster_pattern AS "clusterPattern", n.namespace_pattern AS "namespacePattern"
    FROM tenants t JOIN tenant_namespaces n ON n.tenant_id = t.id
    ORDER BY t.created_at, t.id, n.cluster_pattern, n.namespace_pattern`;
  const byTenant = new Map<string, TenantPatterns>();
  for (const { tenantId, ...pattern } of rows) {
    const tenant = byTenant.get(tenantId) ?? { tenantId, patterns: [] };
    tenant.patterns.push(pattern);
    byTenant.set(tenantId, tenant);
  }
  return [...byTenant.values()];
}
