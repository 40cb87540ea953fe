import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import type { getGroup } from "@/lib/groups/get-group";
import type { groupFilterSchema } from "@/lib/groups/group-filters";
import type { listGroups } from "@/lib/groups/list-groups";
import type { groupChangeSchema } from "@/lib/groups/update-groups";
import { countChangedGroups } from "@/components/groups/changed-groups";
import { requestJson } from "@/components/ui/request-json";

/*
 * The triage screens' client side of /api/v1/groups: fetchers, their query options and hooks, so a
 * change invalidates exactly the keys the lists and the group page read with.
 */

export type GroupItem = Awaited<ReturnType<typeof listGroups>>["items"][number];
export type GroupDetail = Awaited<ReturnType<typeof getGroup>>;
export type GroupPage = { items: GroupItem[]; nextCursor: string | null };
export type GroupFilterInput = z.input<typeof groupFilterSchema>;
export type GroupChange = z.input<typeof groupChangeSchema>;
export type GroupTarget = { ids: string[] } | { filter: GroupFilterInput };
export type UpdateResult = { updated: number; unchanged: number; skipped: Array<{ id: string; error: string }> };
type GroupCount = { count: number; isCapped: boolean; isEstimate: boolean; cap: number };
export type GroupNote = GroupDetail["notes"][number];

export const groupKeys = {
  all: ["groups"] as const,
  lists: () => [...groupKeys.all, "list"] as const,
  /** `query`: the list's query string without a cursor, as in the page's URL. */
  list: (query: string) => [...groupKeys.lists(), query] as const,
  count: (query: string) => [...groupKeys.all, "count", query] as const,
  /** The list's first page as the API has it now, apart from the list the user is reading. */
  fresh: (query: string) => [...groupKeys.all, "fresh", query] as const,
  detail: (id: string) => [...groupKeys.all, "detail", id] as const,
};

function groupListQueryOptions(query: string) {
  return infiniteQueryOptions({
    queryKey: groupKeys.list(query),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams(query);
      if (pageParam) params.set("cursor", pageParam);
      return requestJson<GroupPage>(`/api/v1/groups?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** The groups matching `query` (a URL query string), one keyset page at a time. */
export function useGroupList(query: string) {
  return useInfiniteQuery(groupListQueryOptions(query));
}

function freshGroupsQueryOptions(query: string) {
  return queryOptions({
    queryKey: groupKeys.fresh(query),
    queryFn: ({ signal }) => requestJson<GroupPage>(`/api/v1/groups?${query}`, { signal }),
  });
}

/**
 * How many groups the list's first page would show now otherwise than the rows shown (new ones, or
 * ones with another count, last seen or status), asked only once alerts may have arrived
 * (`isEnabled`): the list itself stays as it is until the user asks. Counted only while neither the
 * first page nor the rows (`isShownFetching`) are being read again, the last count kept meanwhile:
 * after an action both are, and whichever came back first would count the group just changed.
 */
export function useChangedGroupCount(query: string, shown: readonly GroupItem[], isEnabled: boolean, isShownFetching: boolean) {
  const fresh = useQuery({ ...freshGroupsQueryOptions(query), enabled: isEnabled });
  const [counted, setCounted] = useState(0);
  const count = fresh.data && !fresh.isFetching && !isShownFetching ? countChangedGroups(fresh.data.items, shown) : counted;
  if (count !== counted) setCounted(count);
  return count;
}

function groupCountQueryOptions(query: string) {
  return queryOptions({
    queryKey: groupKeys.count(query),
    queryFn: ({ signal }) => requestJson<GroupCount>(`/api/v1/groups/count?${query}`, { signal }),
  });
}

/** How many groups a bulk update by this filter would touch; asked only when `isEnabled`. */
export function useGroupCount(query: string, isEnabled: boolean) {
  return useQuery({ ...groupCountQueryOptions(query), enabled: isEnabled });
}

function groupQueryOptions(id: string) {
  return queryOptions({
    queryKey: groupKeys.detail(id),
    queryFn: ({ signal }) => requestJson<GroupDetail>(`/api/v1/groups/${encodeURIComponent(id)}`, { signal }),
  });
}

/** The group, starting from what the page's server read (`initial`), so it shows at once. */
export function useGroup(id: string, initial?: GroupDetail) {
  return useQuery({ ...groupQueryOptions(id), initialData: initial });
}

/** One path for one group and for bulk: PATCH /api/v1/groups; every list, count and group page is then out of date. */
export function useUpdateGroups() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ target, set }: { target: GroupTarget; set: GroupChange }) =>
      requestJson<UpdateResult>("/api/v1/groups", { method: "PATCH", body: JSON.stringify({ ...target, set }) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: groupKeys.all }),
  });
}

export function useAddGroupNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      requestJson<GroupNote>(`/api/v1/groups/${encodeURIComponent(id)}/notes`, { method: "POST", body: JSON.stringify({ body }) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: groupKeys.detail(id) }),
  });
}
