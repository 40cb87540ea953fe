import { requirePermission } from "@/lib/auth/permissions";
import { apiRoute, jsonBody } from "@/lib/server/api-route";
import { createSuppression, listSuppressions } from "@/lib/suppressions/suppressions";

// The rules the caller can see, newest first: `{"items": [...]}`.
export const GET = apiRoute(async ({ caller }) => listSuppressions(requirePermission(caller, "read")));

// lib/suppressions/suppression-schemas.ts's createSuppressionSchema: 201 with the rule.
// Viewers may create none: refused before their body is read.
export const POST = apiRoute(async ({ request, caller }) => {
  const author = requirePermission(caller, "triage");
  return Response.json(await createSuppression(author, await jsonBody(request)), { status: 201, headers: { "Cache-Control": "no-store" } });
});
