import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { namespacePreviewSchema, type NamespacePreview } from "@/lib/tenants/preview-namespace-patterns";

export interface TenantPreviewParams {
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
  const response = await fetch(`/api/v1/admin/tenant-preview?${query}`, { signal, headers: { Accept: "application/json" } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = typeof body === "object" && body !== null && "error" in body && typeof body.error === "string" ? body.error : null;
    throw new Error(error ?? `the preview failed (HTTP ${response.status})`);
  }
  return namespacePreviewSchema.parse(body);
}

export function tenantPreviewQueryOptions(params: TenantPreviewParams) {
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
