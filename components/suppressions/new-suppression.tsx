"use client";

import { useQueries } from "@tanstack/react-query";
import { parseExactJson } from "@/components/groups/exact-json";
import { groupKeys, type GroupDetail } from "@/components/groups/group-api";
import type { AlertItem } from "@/components/groups/alert-api";
import { matchersLikeThese, type GroupSample } from "@/components/suppressions/like-these";
import { SuppressionForm } from "@/components/suppressions/suppression-form";
import { FormError } from "@/components/ui/form";
import { requestJson } from "@/components/ui/request-json";

async function readGroupSample(id: string, signal: AbortSignal): Promise<GroupSample> {
  const group = await requestJson<GroupDetail>(`/api/v1/groups/${encodeURIComponent(id)}`, { signal });
  const alerts = await requestJson<{ items: AlertItem[] }>(`/api/v1/alerts?${new URLSearchParams({ group: id, limit: "1" })}`, { signal }, parseExactJson);
  return { rule: group.rule, tenant: group.tenant, namespace: group.namespace, identity: group.identity, outputFields: alerts.items[0]?.outputFields ?? null };
}

/**
 * The create form; with `groupIds` ("Suppress like these"), first prefilled with the matchers and
 * tenants those groups have in common, read from each group and its newest alert.
 */
export function NewSuppression({ groupIds, tenants, isAdmin }: { groupIds: string[]; tenants: readonly string[]; isAdmin: boolean }) {
  const samples = useQueries({
    queries: groupIds.map((id) => ({
      queryKey: [...groupKeys.detail(id), "like-these"] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) => readGroupSample(id, signal),
      structuralSharing: false,
    })),
  });
  if (groupIds.length === 0) return <SuppressionForm tenants={tenants} isAdmin={isAdmin} initial={{ matchers: [], tenants: tenants.length === 1 ? [...tenants] : [] }} />;
  const failed = samples.find((sample) => sample.error);
  if (failed?.error) {
    return <FormError message={`Could not read the groups to suppress like: ${failed.error.message}. Go back to the groups and try again, or start from an empty rule at /suppressions/new.`} />;
  }
  if (samples.some((sample) => sample.isPending)) return <p role="status">{`Reading the ${groupIds.length === 1 ? "group" : `${groupIds.length} groups`} to suppress like…`}</p>;
  const initial = matchersLikeThese(samples.map((sample) => sample.data!));
  return (
    <>
      <p className="text-sm">
        {`Prefilled from ${groupIds.length === 1 ? "the group" : `the ${groupIds.length} groups`} you chose: what they have in common. Widen or narrow it, and watch the preview.`}
      </p>
      <SuppressionForm tenants={tenants} isAdmin={isAdmin} initial={initial} />
    </>
  );
}
