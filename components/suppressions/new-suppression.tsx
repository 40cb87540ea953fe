"use client";

import { SuppressionForm } from "@/components/suppressions/suppression-form";
import { FormError } from "@/components/ui/form";
import type { LikeThese } from "@/lib/suppressions/read-like-these";

/** The create form; with `likeThese`, prefilled from the groups the person chose. */
export function NewSuppression({ tenants, isAdmin, likeThese }: { tenants: readonly string[]; isAdmin: boolean; likeThese?: LikeThese }) {
  if (!likeThese) return <SuppressionForm tenants={tenants} isAdmin={isAdmin} initial={{ matchers: [], tenants: tenants.length === 1 ? [...tenants] : [] }} />;
  if ("error" in likeThese) {
    return <FormError message={`Could not read the groups to suppress like: ${likeThese.error}. Go back to the groups and try again, or start from an empty rule at /suppressions/new.`} />;
  }
  return (
    <>
      <p className="text-sm">
        {`Prefilled from ${likeThese.groups === 1 ? "the group" : `the ${likeThese.groups} groups`} you chose: what they have in common. Widen or narrow it, and watch the preview.`}
      </p>
      <SuppressionForm tenants={tenants} isAdmin={isAdmin} initial={likeThese.draft} />
    </>
  );
}
