import { requirePermission } from "@/lib/auth/permissions";
import { queryObject } from "@/lib/groups/group-filters";
import { listGroups } from "@/lib/groups/list-groups";
import { updateGroups } from "@/lib/groups/update-groups";
import { apiRoute, jsonBody } from "@/lib/server/api-route";

// The filters of lib/groups/group-filters.ts as query parameters: `{"items": [...], "nextCursor": ...}`.
export const GET = apiRoute(async ({ request, caller }) =>
  listGroups(requirePermission(caller, "read"), queryObject(new URL(request.url).searchParams)),
);

// `{"ids": [...]}` or `{"filter": {...}}`, and `{"set": {"status", "reason", "assignee"}}`: `{"updated": n, "unchanged": n, "skipped": [...]}`.
// Viewers may change no group: refused before their body is read, whatever groups it names.
export const PATCH = apiRoute(async ({ request, caller }) => updateGroups(requirePermission(caller, "triage"), await jsonBody(request)));
