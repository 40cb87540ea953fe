"use client";

import { useActionState } from "react";
import { updateTenantNamespacesAction } from "@/app/admin/tenants/actions";
import { NamespacePatternsField } from "@/components/tenants/namespace-patterns-field";
import { useInvalidatePreviewsAfter } from "@/components/tenants/use-invalidate-previews";
import { FormError, FormNotice, SubmitButton } from "@/components/ui/form";

export function EditTenantPatternsForm({ slug, namespaces }: { slug: string; namespaces: string }) {
  const [state, action, isPending] = useActionState(updateTenantNamespacesAction, { error: null, notice: null });
  useInvalidatePreviewsAfter(state.notice);
  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="slug" value={slug} />
      <NamespacePatternsField tenant={slug} defaultValue={namespaces} />
      <FormError message={state.error} />
      <FormNotice message={state.notice} />
      <SubmitButton isPending={isPending}>Save patterns</SubmitButton>
    </form>
  );
}
