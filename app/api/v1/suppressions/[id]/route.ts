import { requirePermission } from "@/lib/auth/permissions";
import { apiRoute, jsonBody } from "@/lib/server/api-route";
import { getSuppression, updateSuppression } from "@/lib/suppressions/suppressions";

// The rule with its versions and history.
export const GET = apiRoute<{ id: string }>(async ({ caller, params }) => getSuppression(requirePermission(caller, "read"), params.id));

// `{"action": "expire" | "reactivate" | "edit", ...}`: the rule as it now is.
// Viewers may change none: refused before their body is read.
export const PATCH = apiRoute<{ id: string }>(async ({ request, caller, params }) =>
  updateSuppression(requirePermission(caller, "triage"), params.id, await jsonBody(request)),
);
