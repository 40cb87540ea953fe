"use client";

import { useActionState } from "react";
import { createClusterAction } from "@/app/admin/clusters/actions";
import { Field, FormError, SubmitButton } from "@/components/ui/form";

export function CreateClusterForm() {
  const [state, action, isPending] = useActionState(createClusterAction, { error: null });
  return (
    <form action={action} className="flex flex-col gap-4">
      <Field
        label="Cluster name"
        name="name"
        required
        maxLength={100}
        pattern="[A-Za-z0-9._\-]+"
        hint="Letters, digits, dots, dashes or underscores, e.g. prod-eu-1. Tenants pick namespaces by it."
      />
      <FormError message={state.error} />
      <SubmitButton isPending={isPending}>Create cluster</SubmitButton>
    </form>
  );
}
