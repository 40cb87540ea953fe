import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { groupKeys } from "@/components/groups/group-api";
import { windowSince } from "@/components/suppressions/history-window";
import { requestJson } from "@/components/ui/request-json";
import type { Preview } from "@/lib/suppressions/preview-suppression";
import type { createSuppressionSchema, previewSuppressionSchema, updateSuppressionSchema } from "@/lib/suppressions/suppression-schemas";
import type { getSuppression, SuppressionView } from "@/lib/suppressions/suppressions";

/*
 * The suppression screens' client side of /api/v1/suppressions: fetchers, their query options and
 * hooks, so a change invalidates exactly the keys the list and the rule's page read with.
 */

export type SuppressionItem = SuppressionView;
export type SuppressionDetail = Awaited<ReturnType<typeof getSuppression>>;
/** A preview as the form asks for it: its history window in days, started as each request leaves. */
export type PreviewInput = Omit<z.input<typeof previewSuppressionSchema>, "since"> & { days: number };
export type CreateInput = z.input<typeof createSuppressionSchema>;
export type UpdateInput = z.input<typeof updateSuppressionSchema>;
export type { Preview };

export const suppressionKeys = {
  all: ["suppressions"] as const,
  list: () => [...suppressionKeys.all, "list"] as const,
  detail: (id: string) => [...suppressionKeys.all, "detail", id] as const,
  preview: (input: PreviewInput) => [...suppressionKeys.all, "preview", input] as const,
};

function suppressionListQueryOptions() {
  return infiniteQueryOptions({
    queryKey: suppressionKeys.list(),
    queryFn: ({ pageParam, signal }) =>
      requestJson<{ items: SuppressionItem[]; nextCursor: string | null }>(`/api/v1/suppressions${pageParam ? `?cursor=${pageParam}` : ""}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** The rules, newest first, a page at a time; "Older rules" asks for the next page. */
export function useSuppressionList() {
  return useInfiniteQuery(suppressionListQueryOptions());
}

function suppressionQueryOptions(id: string) {
  return queryOptions({
    queryKey: suppressionKeys.detail(id),
    queryFn: ({ signal }) => requestJson<SuppressionDetail>(`/api/v1/suppressions/${encodeURIComponent(id)}`, { signal }),
  });
}

/** The rule, starting from what the page's server read (`initial`), so it shows at once. */
export function useSuppression(id: string, initial?: SuppressionDetail) {
  return useQuery({ ...suppressionQueryOptions(id), initialData: initial });
}

function previewQueryOptions(input: PreviewInput) {
  const { days, ...rest } = input;
  return queryOptions({
    queryKey: suppressionKeys.preview(input),
    // The window's start taken now, not when the form chose it: the API allows 90 days back from
    // its own hour, so a start taken in an hour before is refused.
    queryFn: ({ signal }) =>
      requestJson<Preview>("/api/v1/suppressions/preview", { method: "POST", body: JSON.stringify({ ...rest, since: windowSince(days) }), signal }),
    // what history holds moves slowly: a preview a minute old still answers the question
    staleTime: 60_000,
  });
}

/**
 * What a rule would have matched; null asks nothing. The previous answer stays shown while the
 * next one loads (`isPlaceholderData`), so the figures do not flicker as someone types. The quick
 * answer may cover a recent part of the window only: the whole window is then counted in the
 * background (`isCompleting`) and shown once it is in.
 */
export function useSuppressionPreview(input: PreviewInput | null) {
  const asked = input ?? { matchers: [], tenants: [], days: 0 };
  const quick = useQuery({ ...previewQueryOptions(asked), enabled: input !== null, placeholderData: keepPreviousData });
  const isPartial = input !== null && quick.data !== undefined && !quick.isPlaceholderData && !quick.data.complete;
  const whole = useQuery({ ...previewQueryOptions({ ...asked, complete: true }), enabled: isPartial });
  if (isPartial && whole.data) return { preview: whole, isCompleting: false };
  return { preview: quick, isCompleting: isPartial && whole.isFetching };
}

export function useCreateSuppression() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateInput) =>
      requestJson<SuppressionItem & { resolvedGroups: number }>("/api/v1/suppressions", { method: "POST", body: JSON.stringify(input) }),
    // Not awaited: the saved rule's page reads it as it renders, and the list and the groups it
    // resolved are read again when next shown. Previews stay: stored history is what it was.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: suppressionKeys.list() });
      void queryClient.invalidateQueries({ queryKey: groupKeys.all });
    },
  });
}

/**
 * Expire, re-activate or edit; groups may have been reopened, so their views are out of date too.
 * Only the rule itself is read again before the answer: its page, where this is done, shows it.
 */
export function useUpdateSuppression(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateInput) =>
      requestJson<SuppressionItem & { reopenedGroups: number; unchanged: boolean }>(`/api/v1/suppressions/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(input) }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: suppressionKeys.list() });
      void queryClient.invalidateQueries({ queryKey: groupKeys.all });
      return queryClient.invalidateQueries({ queryKey: suppressionKeys.detail(id) });
    },
  });
}

/** The Falco rules file of these rules, as a download link. */
export function falcoExportHref(ids: readonly string[]): string {
  return `/api/v1/suppressions/export/falco?${new URLSearchParams({ ids: ids.join(",") })}`;
}
