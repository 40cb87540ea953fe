import { requirePermission } from "@/lib/auth/permissions";
import { apiRoute, jsonBody } from "@/lib/server/api-route";
import { previewSuppression } from "@/lib/suppressions/preview-suppression";

// `{"matchers": [...], "tenants": [...] | "all", "since"?: ...}`: what the rule would have matched.
export const POST = apiRoute(async ({ request, caller }) => previewSuppression(requirePermission(caller, "read"), await jsonBody(request)));
