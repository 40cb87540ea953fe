import { z } from "zod";
import { audit, type Actor } from "@/lib/audit/audit";
import { changingConfig } from "@/lib/db/config-changes";
import type { Db } from "@/lib/db/prisma";
import { isUniqueViolation } from "@/lib/db/prisma-errors";
import type { Sql } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { formatNamespacePattern, parseNamespacePatterns, type NamespacePattern } from "@/lib/tenants/namespace-patterns";
import { resegmentAlerts } from "@/lib/tenants/resegment-alerts";

export const slugSchema = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "1-63 lowercase letters, digits or dashes");

export const createTenantSchema = z.object({
  slug: slugSchema,
  name: z.string().trim().min(1, "required").max(200, "at most 200 characters"),
  namespaces: z.string(),
});

export const updateTenantNamespacesSchema = z.object({ slug: slugSchema, namespaces: z.string() });

/**
 * Creates a tenant owning the given CLUSTER/NAMESPACE patterns, then moves the alerts already
 * stored for the namespaces it now claims. Returns the tenant and how many alerts moved.
 */
export async function createTenant(db: Db, sql: Sql, actor: Actor, input: z.input<typeof createTenantSchema>) {
  const { slug, name, namespaces } = createTenantSchema.parse(input);
  const patterns = parseNamespacePatterns(namespaces);
  const tenant = await changingConfig("tenants", (notify) => db.$transaction(async (tx) => {
    const created = await tx.tenant.create({
      data: { slug, name, namespaces: { createMany: { data: patterns, skipDuplicates: true } } },
      include: { namespaces: true },
    });
    await audit(tx, actor, {
      action: "tenant.create",
      objectType: "tenant",
      objectId: created.id,
      after: { slug, name, namespaces: patterns.map(formatNamespacePattern).join(",") },
    });
    await notify(tx);
    return created;
  })).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new AppError("conflict", `slug: a tenant "${slug}" already exists`);
    throw error;
  });
  const movedAlerts = await resegmentAlerts(sql);
  return { tenant, movedAlerts };
}

export async function listTenants(db: Db) {
  return db.tenant.findMany({
    include: { namespaces: { orderBy: [{ clusterPattern: "asc" }, { namespacePattern: "asc" }] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/**
 * Replaces a tenant's patterns and moves stored alerts to match: namespaces it gains come to it,
 * namespaces it loses go to the next matching tenant or back to unassigned.
 */
export async function updateTenantNamespaces(db: Db, sql: Sql, actor: Actor, input: z.input<typeof updateTenantNamespacesSchema>) {
  const { slug, namespaces } = updateTenantNamespacesSchema.parse(input);
  const patterns = parseNamespacePatterns(namespaces);
  return changeTenantNamespaces(db, sql, actor, slug, () => patterns);
}

/**
 * Replaces the tenant's patterns with `next(current patterns)`, holding the tenant's row meanwhile:
 * two admins changing one tenant at once each see the other's change (assignNamespaceToTenant).
 */
export async function changeTenantNamespaces(
  db: Db,
  sql: Sql,
  actor: Actor,
  slug: string,
  next: (current: NamespacePattern[]) => NamespacePattern[],
) {
  const tenant = await changingConfig("tenants", (notify) => db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM tenants WHERE slug = ${slug} FOR UPDATE`;
    const found = await tx.tenant.findUnique({ where: { slug }, include: { namespaces: true } });
    if (!found) throw new AppError("not_found", `slug: no tenant "${slug}"`);
    const patterns = next(found.namespaces.map(({ clusterPattern, namespacePattern }) => ({ clusterPattern, namespacePattern })));
    await audit(tx, actor, {
      action: "tenant.set-namespaces",
      objectType: "tenant",
      objectId: found.id,
      before: { namespaces: found.namespaces.map(formatNamespacePattern).join(",") },
      after: { namespaces: patterns.map(formatNamespacePattern).join(",") },
    });
    await tx.tenantNamespace.deleteMany({ where: { tenantId: found.id } });
    await tx.tenantNamespace.createMany({ data: patterns.map((p) => ({ ...p, tenantId: found.id })), skipDuplicates: true });
    await notify(tx);
    return tx.tenant.findUniqueOrThrow({ where: { id: found.id }, include: { namespaces: true } });
  }));
  const movedAlerts = await resegmentAlerts(sql);
  return { tenant, movedAlerts };
}
