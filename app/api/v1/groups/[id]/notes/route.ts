import { addGroupNote } from "@/lib/groups/add-group-note";
import { apiRoute, jsonBody } from "@/lib/server/api-route";

// Body `{"body": "plain text"}`: 201 with the note.
export const POST = apiRoute<{ id: string }>(async ({ request, caller, params }) =>
  Response.json(await addGroupNote(caller, params.id, await jsonBody(request)), { status: 201, headers: { "Cache-Control": "no-store" } }),
);
