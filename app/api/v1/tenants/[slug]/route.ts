import { requirePermission } from "@/lib/auth/permissions";
import { apiRoute, jsonBody } from "@/lib/server/api-route";
import { findVisibleTenant, updateVisibleTenantNamespaces } from "@/lib/tenants/tenant-views";

type Params = { slug: string };

export const GET = apiRoute<Params>(async ({ caller, params }) => findVisibleTenant(requirePermission(caller, "read"), params.slug));

// Body `{"namespaces": "prod-*/payments,*/checkout"}`: replaces the patterns (admins), moves stored alerts.
export const PATCH = apiRoute<Params>(async ({ request, caller, params }) => updateVisibleTenantNamespaces(caller, params.slug, () => jsonBody(request)));
