import { requirePermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/server/api-route";

/** Who the session or token belongs to, and what they may see. */
export const GET = apiRoute(async ({ caller }) => {
  const { email, name, role, scope } = requirePermission(caller, "read");
  return { email, name, role, tenants: scope === "all" ? "all" : scope };
});
