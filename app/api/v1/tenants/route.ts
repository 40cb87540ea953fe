import { requirePermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/server/api-route";
import { listVisibleTenants } from "@/lib/tenants/tenant-views";

export const GET = apiRoute(async ({ caller }) => ({ items: await listVisibleTenants(requirePermission(caller, "read")) }));
