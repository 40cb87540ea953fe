import { requirePermission } from "@/lib/auth/permissions";
import { getGroup } from "@/lib/groups/get-group";
import { apiRoute } from "@/lib/server/api-route";

export const GET = apiRoute<{ id: string }>(async ({ caller, params }) => getGroup(requirePermission(caller, "read"), params.id));
