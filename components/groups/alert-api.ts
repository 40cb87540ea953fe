import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { groupKeys } from "@/components/groups/group-api";
import { parseExactJson } from "@/components/groups/exact-json";
import { requestJson } from "@/components/groups/request-json";

/* A group's alerts from GET /api/v1/alerts?group=, newest first, a keyset page at a time. */

export interface AlertItem {
  id: string;
  group: string;
  tenant: string | null;
  cluster: string;
  namespace: string | null;
  hostname: string;
  source: string;
  rule: string;
  priority: string;
  time: string;
  output: string;
  /** As the alert arrived: big integers kept exact where the browser can (exact-json.ts). */
  outputFields: Record<string, unknown>;
  tags: string[];
  labels: Record<string, unknown> | null;
}
export type AlertPage = { items: AlertItem[]; nextCursor: string | null };

export const groupAlertsPageSize = 20;

export function groupAlertsQueryOptions(groupId: string) {
  return infiniteQueryOptions({
    // under the group's key: a change to the group refreshes its alerts too
    queryKey: [...groupKeys.detail(groupId), "alerts"] as const,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ group: groupId, limit: String(groupAlertsPageSize) });
      if (pageParam) params.set("cursor", pageParam);
      return requestJson<AlertPage>(`/api/v1/alerts?${params}`, { signal }, parseExactJson);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // structural sharing would copy JSON.rawJSON values into plain objects, losing their digits
    structuralSharing: false,
  });
}

/** The group's alerts, newest first; "More" asks for the next page. */
export function useGroupAlerts(groupId: string) {
  return useInfiniteQuery(groupAlertsQueryOptions(groupId));
}
