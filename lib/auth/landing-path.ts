import type { Db } from "@/lib/db/prisma";
import { scopedDb } from "@/lib/db/scoped-db";

/**
 * Where a person lands after signing in when nothing asked for a page: the central overview for
 * people who see every tenant, their first tenant's home (by slug) for the others, else the home page.
 */
export async function landingPath(db: Db, userId: string): Promise<string> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true, allTenants: true, tenants: { select: { tenantId: true } } } });
  if (!user) return "/";
  if (user.role === "admin" || user.allTenants) return "/overview";
  const scope = user.tenants.map((t) => t.tenantId);
  if (scope.length === 0) return "/";
  const first = await scopedDb(db, scope).tenant.findFirst({ where: { id: { in: scope } }, orderBy: { slug: "asc" }, select: { slug: true } });
  return first ? `/t/${encodeURIComponent(first.slug)}` : "/";
}
