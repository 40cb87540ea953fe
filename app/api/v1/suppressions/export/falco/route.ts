import { requirePermission } from "@/lib/auth/permissions";
import { apiRoute } from "@/lib/server/api-route";
import { exportSuppressionsToFalco } from "@/lib/suppressions/export-suppressions";

// `?ids=1,2`: a Falco rules file (YAML) appending the rules as exceptions.
export const GET = apiRoute(async ({ request, caller }) => {
  const file = await exportSuppressionsToFalco(requirePermission(caller, "read"), new URL(request.url).searchParams.get("ids"));
  return new Response(file, {
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": 'attachment; filename="falconry_suppressions.yaml"',
      "Cache-Control": "no-store",
    },
  });
});
