import { requirePermission } from "@/lib/auth/permissions";
import { liveEvents } from "@/lib/live/live-events";
import { apiRoute } from "@/lib/server/api-route";

export const dynamic = "force-dynamic";

// Server-sent events: `event: alerts` when alerts arrive in the caller's scope (lib/live).
export const GET = apiRoute(async ({ request, caller }) =>
  new Response(liveEvents(requirePermission(caller, "read"), request.signal), {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-store" },
  }),
);
