import { z } from "zod";
import type { Actor } from "@/lib/audit/audit";
import type { Db } from "@/lib/db/prisma";
import type { Sql } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { exactNamespacePattern } from "@/lib/tenants/namespace-patterns";
import { changeTenantNamespaces, slugSchema } from "@/lib/tenants/tenants";

export const assignNamespaceSchema = z.object({
  tenant: z.string({ error: "choose a tenant" }).min(1, "choose a tenant").pipe(slugSchema),
  cluster: z.string({ error: "required" }).min(1, "required"),
  namespace: z.string({ error: "required" }).min(1, "required"),
});

/**
 * Gives one (cluster, namespace) pair to a tenant by adding the exact pattern `cluster/namespace`
 * to its patterns, then moves the pair's stored alerts. Returns the tenant and how many moved.
 */
export async function assignNamespaceToTenant(db: Db, sql: Sql, actor: Actor, input: z.input<typeof assignNamespaceSchema>) {
  const { tenant, cluster, namespace } = assignNamespaceSchema.parse(input);
  const pattern = exactNamespacePattern(cluster, namespace);
  if (!pattern) {
    throw new AppError(
      "invalid_input",
      `namespace: no pattern names "${cluster}/${namespace}" alone (patterns allow letters, digits and . _ - only); edit the tenant's patterns instead`,
    );
  }
  return changeTenantNamespaces(db, sql, actor, tenant, (current) => [...current, pattern]);
}
