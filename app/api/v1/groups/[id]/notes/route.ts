import { requirePermission } from "@/lib/auth/permissions";
import { addGroupNote } from "@/lib/groups/add-group-note";
import { apiRoute, jsonBody } from "@/lib/server/api-route";

// Body `{"body": "plain text"}`: 201 with the note.
// Viewers may write no note: refused before their body is read, whatever the group.
export const POST = apiRoute<{ id: string }>(async ({ request, caller, params }) => {
  const author = requirePermission(caller, "triage");
  return Response.json(await addGroupNote(author, params.id, await jsonBody(request)), { status: 201, headers: { "Cache-Control": "no-store" } });
});
