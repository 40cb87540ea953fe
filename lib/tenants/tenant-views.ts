import { z } from "zod";
import { actorOf, type Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/permissions";
import { getDb, getSystemDb, getSystemSql } from "@/lib/db";
import type { Tx } from "@/lib/db/prisma";
import { scopedDb, scopedTransaction } from "@/lib/db/scoped-db";
import { AppError } from "@/lib/errors";
import { formatNamespacePattern, type NamespacePattern } from "@/lib/tenants/namespace-patterns";
import { slugSchema, updateTenantNamespaces } from "@/lib/tenants/tenants";

/*
 * Tenants and their alerts as a person may see them. Two locks on every read: the query filters
 * by the caller's scope, and PostgreSQL's row-level security filters again by the scope set for
 * the transaction (scopedDb), so a forgotten filter still leaks nothing.
 */

function scopeFilter(caller: Caller) {
  return caller.scope === "all" ? {} : { id: { in: [...caller.scope] } };
}

const withPatterns = { namespaces: { orderBy: [{ clusterPattern: "asc" as const }, { namespacePattern: "asc" as const }] } };

function showTenant(tenant: { id: string; slug: string; name: string; namespaces: NamespacePattern[] }) {
  return { id: tenant.id, slug: tenant.slug, name: tenant.name, namespaces: tenant.namespaces.map(formatNamespacePattern) };
}

export async function listVisibleTenants(caller: Caller) {
  const tenants = await scopedDb(getDb(), caller.scope).tenant.findMany({ where: scopeFilter(caller), include: withPatterns, orderBy: { slug: "asc" } });
  return tenants.map(showTenant);
}

/**
 * A tenant the caller may see, read through `db` (a transaction under their scope); any other slug,
 * one no tenant could have among them (a NUL, which PostgreSQL would refuse to read), is missing.
 */
export async function findTenantIn(db: Pick<Tx, "tenant">, caller: Caller, slug: string) {
  const tenant = slugSchema.safeParse(slug).success
    ? await db.tenant.findFirst({ where: { slug, ...scopeFilter(caller) }, include: withPatterns })
    : null;
  if (!tenant) throw new AppError("not_found", `tenant: no tenant "${slug}"`);
  return showTenant(tenant);
}

/** A tenant the caller may see; any other slug is answered exactly as one that does not exist. */
export async function findVisibleTenant(caller: Caller, slug: string) {
  return scopedTransaction(getDb(), caller.scope, (tx) => findTenantIn(tx, caller, slug));
}

/**
 * A tenant the caller may see, with its newest alerts no suppression rule matched (as the alert
 * list shows by default): one transaction under the caller's scope.
 */
export async function findVisibleTenantWithRecentAlerts(caller: Caller, slug: string, limit = 50) {
  return scopedTransaction(getDb(), caller.scope, async (tx) => {
    const tenant = await findTenantIn(tx, caller, slug);
    const alerts = await tx.alert.findMany({
      where: { tenantId: tenant.id, suppressedBy: null },
      orderBy: [{ time: "desc" }, { id: "desc" }],
      take: Math.min(Math.max(limit, 1), 200),
      select: { id: true, time: true, rule: true, priority: true, namespace: true, hostname: true, output: true },
    });
    return { tenant, alerts: alerts.map((a) => ({ ...a, id: a.id.toString() })) };
  });
}

export const tenantNamespacesBodySchema = z.object({
  namespaces: z.string({ error: "required: CLUSTER/NAMESPACE patterns, comma-separated" }),
});

/**
 * Replaces a tenant's namespace patterns (admins) and re-segments stored alerts. A tenant outside
 * the caller's scope is answered as missing before their role is looked at.
 */
export async function updateVisibleTenantNamespaces(caller: Caller | null, slug: string, readBody: () => Promise<unknown>) {
  await findVisibleTenant(requirePermission(caller, "read"), slug);
  const admin = requirePermission(caller, "admin");
  // Read only for an administrator: nobody else's body is parsed.
  const { namespaces } = tenantNamespacesBodySchema.parse(await readBody());
  // Re-segmentation moves alerts between tenants: it works across every tenant.
  const { tenant, movedAlerts } = await updateTenantNamespaces(getSystemDb(), getSystemSql(), actorOf(admin), { slug, namespaces });
  return { slug: tenant.slug, namespaces: tenant.namespaces.map(formatNamespacePattern), movedAlerts };
}
