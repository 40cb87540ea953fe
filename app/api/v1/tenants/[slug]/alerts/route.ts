import { requirePermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/server/api-route";
import { findVisibleTenantWithRecentAlerts } from "@/lib/tenants/tenant-views";

/** The newest alerts of one tenant (the triage API will offer filters and pagination). */
export const GET = apiRoute<{ slug: string }>(async ({ caller, params }) => ({
  items: (await findVisibleTenantWithRecentAlerts(requirePermission(caller, "read"), params.slug)).alerts,
}));
