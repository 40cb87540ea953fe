"use client";

import { useActionState } from "react";
import { createTenantAction } from "@/app/admin/tenants/actions";
import { NamespacePatternsField } from "@/components/tenants/namespace-patterns-field";
import { useInvalidatePreviewsAfter } from "@/components/tenants/use-invalidate-previews";
import { Field, FormError, FormNotice, SubmitButton } from "@/components/ui/form";

export function CreateTenantForm() {
  const [state, action, isPending] = useActionState(createTenantAction, { error: null, notice: null, createdCount: 0, values: null });
  useInvalidatePreviewsAfter(state.notice);
  return (
    <form action={action} className="flex flex-col gap-4">
      <Field
        label="Slug"
        name="slug"
        required
        autoComplete="off"
        defaultValue={state.values?.slug ?? ""}
        hint="Lowercase letters, digits and dashes; the tenant's address is /t/SLUG."
      />
      <Field label="Name" name="name" required autoComplete="off" defaultValue={state.values?.name ?? ""} />
      <NamespacePatternsField key={state.createdCount} tenant={null} />
      <FormError message={state.error} />
      <FormNotice message={state.notice} />
      <SubmitButton isPending={isPending}>Create tenant</SubmitButton>
    </form>
  );
}
