import { z } from "zod";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { parseNamespacePatterns } from "@/lib/tenants/namespace-patterns";
import { previewNamespacePatterns, type NamespacePreview } from "@/lib/tenants/preview-namespace-patterns";
import { listSeenNamespaces } from "@/lib/tenants/seen-namespaces";
import { listTenants, slugSchema } from "@/lib/tenants/tenants";

/** `GET /api/v1/admin/tenant-preview?namespaces=PATTERNS[&tenant=SLUG]`: without `tenant`, for a new tenant. */
export const tenantPreviewQuerySchema = z.object({
  namespaces: z
    .string({ error: "required: CLUSTER/NAMESPACE patterns, comma-separated" })
    .max(10_000, "at most 10000 characters"),
  tenant: slugSchema.optional(),
});

/**
 * What the patterns would claim among the pairs seen so far, if given to the tenant (or to a new
 * one), with tenants named by slug. `db` must see every tenant (see seen-namespaces.ts).
 */
export async function previewTenantNamespaces(db: Db, input: z.input<typeof tenantPreviewQuerySchema>): Promise<NamespacePreview> {
  const { namespaces, tenant } = tenantPreviewQuerySchema.parse(input);
  const patterns = parseNamespacePatterns(namespaces);
  const [tenants, seen] = await Promise.all([listTenants(db), listSeenNamespaces(db)]);
  if (tenant && !tenants.some((t) => t.slug === tenant)) throw new AppError("not_found", `tenant: no tenant "${tenant}"`);
  return previewNamespacePatterns({
    tenants: tenants.map((t) => ({ tenantId: t.slug, patterns: t.namespaces })),
    tenant: tenant ?? null,
    patterns,
    seen,
  });
}
