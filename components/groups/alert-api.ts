import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { groupKeys } from "@/components/groups/group-api";
import { parseExactJson } from "@/components/groups/exact-json";
import { requestJson } from "@/components/ui/request-json";
import type { AlertItem as AlertItemOf } from "@/lib/alerts/alert-item";

/*
 * A group's alerts from GET /api/v1/alerts?group=, newest first, a keyset page at a time; or only
 * those of one pod. Suppressed ones included (and marked where shown): the group counts them.
 */

/** Big integers in its JSON fields kept exact where the browser can (exact-json.ts). */
export type AlertItem = AlertItemOf<Record<string, unknown>>;
type AlertPage = { items: AlertItem[]; nextCursor: string | null };

const groupAlertsPageSize = 20;

function groupAlertsQueryOptions(groupId: string, pod: string | null) {
  return infiniteQueryOptions({
    // under the group's key: a change to the group refreshes its alerts too
    queryKey: [...groupKeys.detail(groupId), "alerts", { pod }] as const,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ group: groupId, suppressed: "include", limit: String(groupAlertsPageSize), ...(pod === null ? {} : { pod }) });
      if (pageParam) params.set("cursor", pageParam);
      return requestJson<AlertPage>(`/api/v1/alerts?${params}`, { signal }, parseExactJson);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // structural sharing would copy JSON.rawJSON values into plain objects, losing their digits
    structuralSharing: false,
  });
}

/** The group's alerts (of `pod` only, unless null), newest first; "More" asks for the next page. */
export function useGroupAlerts(groupId: string, pod: string | null) {
  return useInfiniteQuery(groupAlertsQueryOptions(groupId, pod));
}
