import { requirePermission } from "@/lib/auth/permissions";
import { countGroups } from "@/lib/groups/count-groups";
import { queryObject } from "@/lib/groups/group-filters";
import { apiRoute } from "@/lib/server/api-route";

// The list's filters as query parameters: `{"count": n, "isCapped": bool, "isEstimate": bool, "cap": 10000}`, what a bulk update by this filter would touch.
export const GET = apiRoute(async ({ request, caller }) =>
  countGroups(requirePermission(caller, "read"), queryObject(new URL(request.url).searchParams)),
);
