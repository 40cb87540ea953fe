import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { requestJson } from "@/components/ui/request-json";
import { namespacePreviewSchema, type NamespacePreview } from "@/lib/tenants/preview-namespace-patterns";

interface TenantPreviewParams {
  namespaces: string;
  /** The tenant whose patterns these would be; null for a tenant not created yet. */
  tenant: string | null;
}

/** Every preview depends on every tenant's patterns: invalidate them all after any change. */
export const tenantPreviewKeys = {
  all: ["admin", "tenant-preview"] as const,
  of: (params: TenantPreviewParams) => [...tenantPreviewKeys.all, params.tenant, params.namespaces] as const,
};

async function fetchTenantPreview(params: TenantPreviewParams, signal: AbortSignal): Promise<NamespacePreview> {
  const query = new URLSearchParams({ namespaces: params.namespaces });
  if (params.tenant) query.set("tenant", params.tenant);
  return namespacePreviewSchema.parse(await requestJson<unknown>(`/api/v1/admin/tenant-preview?${query}`, { signal }));
}

function tenantPreviewQueryOptions(params: TenantPreviewParams) {
  return queryOptions({
    queryKey: tenantPreviewKeys.of(params),
    queryFn: ({ signal }) => fetchTenantPreview(params, signal),
    enabled: params.namespaces.trim() !== "",
  });
}

/** The preview for these patterns; while the next one loads, the previous one stays on screen. */
export function useTenantPreview(params: TenantPreviewParams) {
  return useQuery({ ...tenantPreviewQueryOptions(params), placeholderData: keepPreviousData });
}
