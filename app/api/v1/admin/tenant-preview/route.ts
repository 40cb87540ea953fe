import { requirePermission } from "@/lib/auth/permissions";
import { getSystemDb } from "@/lib/db";
import { apiRoute } from "@/lib/server/api-route";
import { previewTenantNamespaces, tenantPreviewQuerySchema } from "@/lib/tenants/tenant-preview";

/** Which namespaces seen so far `?namespaces=PATTERNS` would claim for `?tenant=SLUG`, or for a new tenant. */
export const GET = apiRoute(async ({ request, caller }) => {
  requirePermission(caller, "admin");
  const query = tenantPreviewQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return previewTenantNamespaces(getSystemDb(), query);
});
