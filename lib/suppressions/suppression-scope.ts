import type { Caller } from "@/lib/auth/caller";
import { can } from "@/lib/auth/permissions";
import type { Tx } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";

/** The tenants a rule applies to: all of them (null), or these. */
export interface SuppressionScope {
  tenantIds: string[] | null;
}

/**
 * Tenant slugs as ids the caller may see, or "all" for admins only. A tenant the caller cannot see
 * is answered as missing, as everywhere.
 */
export async function resolveSuppressionScope(tx: Tx, caller: Caller, tenants: "all" | string[]): Promise<SuppressionScope> {
  if (tenants === "all") {
    if (!can(caller, "admin")) throw new AppError("forbidden", "tenants: only administrators may suppress across all tenants; name your tenants");
    return { tenantIds: null };
  }
  const slugs = [...new Set(tenants)];
  const found = await tx.tenant.findMany({
    where: { slug: { in: slugs }, ...(caller.scope === "all" ? {} : { id: { in: [...caller.scope] } }) },
    select: { id: true, slug: true },
  });
  const missing = slugs.filter((slug) => !found.some((t) => t.slug === slug));
  if (missing.length > 0) throw new AppError("not_found", `tenants: no tenant "${missing[0]}"`);
  return { tenantIds: found.map((t) => t.id) };
}
