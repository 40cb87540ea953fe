import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { tenantPreviewKeys } from "@/components/tenants/tenant-preview-query";

/** After a change to any tenant's patterns, every preview on screen is out of date. */
export function useInvalidatePreviewsAfter(notice: string | null) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (notice) void queryClient.invalidateQueries({ queryKey: tenantPreviewKeys.all });
  }, [notice, queryClient]);
}
