import { z } from "zod";
import { actorOf } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/permissions";
import { getSystemDb, getSystemSql } from "@/lib/db";
import { apiRoute, jsonBody } from "@/lib/server/api-route";
import { formatNamespacePattern } from "@/lib/tenants/namespace-patterns";
import { findVisibleTenant } from "@/lib/tenants/tenant-views";
import { updateTenantNamespaces } from "@/lib/tenants/tenants";

type Params = { slug: string };

export const GET = apiRoute<Params>(async ({ caller, params }) => findVisibleTenant(requirePermission(caller, "read"), params.slug));

const patchSchema = z.object({ namespaces: z.string({ error: "required: CLUSTER/NAMESPACE patterns, comma-separated" }) });

/** Replaces the tenant's namespace patterns (admins) and re-segments stored alerts. */
export const PATCH = apiRoute<Params>(async ({ request, caller, params }) => {
  const reader = requirePermission(caller, "read");
  await findVisibleTenant(reader, params.slug); // out of scope: the same 404 as a slug that does not exist
  const admin = requirePermission(caller, "admin");
  const { namespaces } = patchSchema.parse(await jsonBody(request));
  const { tenant, movedAlerts } = await updateTenantNamespaces(getSystemDb(), getSystemSql(), actorOf(admin), { slug: params.slug, namespaces });
  return { slug: tenant.slug, namespaces: tenant.namespaces.map(formatNamespacePattern), movedAlerts };
});
