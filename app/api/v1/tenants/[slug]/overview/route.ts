import { requirePermission } from "@/lib/auth/permissions";
import { queryObject } from "@/lib/groups/group-filters";
import { getTenantHome } from "@/lib/overview/tenant-home";
import { apiRoute } from "@/lib/server/api-route";

// `?period=24h|7d|30d`: the tenant home's aggregates (lib/overview/tenant-home.ts).
export const GET = apiRoute<{ slug: string }>(async ({ request, caller, params }) =>
  getTenantHome(requirePermission(caller, "read"), params.slug, queryObject(new URL(request.url).searchParams)),
);
