import { requirePermission } from "@/lib/auth/permissions";
import { queryObject } from "@/lib/groups/group-filters";
import { apiRoute, jsonBody } from "@/lib/server/api-route";
import { createSuppression, listSuppressions } from "@/lib/suppressions/suppressions";

// The rules the caller can see, newest first, a page at a time: `{"items": [...], "nextCursor": ...}`.
export const GET = apiRoute(async ({ request, caller }) => listSuppressions(requirePermission(caller, "read"), queryObject(new URL(request.url).searchParams)));

// lib/suppressions/suppression-schemas.ts's createSuppressionSchema: 201 with the rule.
// Viewers may create none: refused before their body is read.
export const POST = apiRoute(async ({ request, caller }) => {
  const author = requirePermission(caller, "triage");
  return Response.json(await createSuppression(author, await jsonBody(request)), { status: 201, headers: { "Cache-Control": "no-store" } });
});
