import { exportAlerts } from "@/lib/alerts/export-alerts";
import { requirePermission } from "@/lib/auth/permissions";
import { queryObject } from "@/lib/groups/group-filters";
import { apiRoute } from "@/lib/server/api-route";

// `?format=csv|ndjson` and the alert filters: every matching alert, streamed as a download.
export const GET = apiRoute(async ({ request, caller }) => {
  const { body, contentType, filename } = await exportAlerts(requirePermission(caller, "read"), queryObject(new URL(request.url).searchParams));
  return new Response(body, {
    headers: { "Content-Type": contentType, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
});
