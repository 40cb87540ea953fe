import { listAlerts } from "@/lib/alerts/list-alerts";
import { requirePermission } from "@/lib/auth/permissions";
import { queryObject } from "@/lib/groups/group-filters";
import { apiRoute } from "@/lib/server/api-route";
import { stringifyWithRaw } from "@/lib/server/raw-json";

// The filters of lib/alerts/alert-filters.ts as query parameters: `{"items": [...], "nextCursor": ...}`,
// newest first, each alert's fields exactly as they arrived.
export const GET = apiRoute(async ({ request, caller }) => {
  const page = await listAlerts(requirePermission(caller, "read"), queryObject(new URL(request.url).searchParams));
  return new Response(stringifyWithRaw(page), { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
});
