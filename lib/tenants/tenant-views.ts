import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { scopedDb } from "@/lib/db/scoped-db";
import { AppError } from "@/lib/errors";
import { formatNamespacePattern } from "@/lib/tenants/namespace-patterns";

/*
 * Tenants and their alerts as a person may see them. Two locks on every read: the query filters
 * by the caller's scope, and PostgreSQL's row-level security filters again by the scope set for
 * the transaction (scopedDb), so a forgotten filter still leaks nothing.
 */

function scopeFilter(caller: Caller) {
  return caller.scope === "all" ? {} : { id: { in: [...caller.scope] } };
}

export async function listVisibleTenants(caller: Caller) {
  const tenants = await scopedDb(getDb(), caller.scope).tenant.findMany({
    where: scopeFilter(caller),
    include: { namespaces: { orderBy: [{ clusterPattern: "asc" }, { namespacePattern: "asc" }] } },
    orderBy: { slug: "asc" },
  });
  return tenants.map((t) => ({ id: t.id, slug: t.slug, name: t.name, namespaces: t.namespaces.map(formatNamespacePattern) }));
}

/** A tenant the caller may see; any other slug is answered exactly as one that does not exist. */
export async function findVisibleTenant(caller: Caller, slug: string) {
  const tenant = await scopedDb(getDb(), caller.scope).tenant.findFirst({
    where: { slug, ...scopeFilter(caller) },
    include: { namespaces: { orderBy: [{ clusterPattern: "asc" }, { namespacePattern: "asc" }] } },
  });
  if (!tenant) throw new AppError("not_found", `tenant: no tenant "${slug}"`);
  return { id: tenant.id, slug: tenant.slug, name: tenant.name, namespaces: tenant.namespaces.map(formatNamespacePattern) };
}

/** The newest alerts of a tenant the caller may see. */
export async function recentTenantAlerts(caller: Caller, slug: string, limit = 50) {
  const tenant = await findVisibleTenant(caller, slug);
  const alerts = await scopedDb(getDb(), caller.scope).alert.findMany({
    where: { tenantId: tenant.id },
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(limit, 1), 200),
    select: { id: true, time: true, rule: true, priority: true, namespace: true, hostname: true, output: true },
  });
  return alerts.map((a) => ({ ...a, id: a.id.toString() }));
}
