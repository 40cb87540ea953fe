"use client";

import { useActionState } from "react";
import { createUserAction } from "@/app/admin/users/actions";
import { Field, FormError, SubmitButton } from "@/components/ui/form";
import { UserAccessFields, type TenantOption } from "@/components/users/user-access-fields";

export function CreateUserForm({ tenants }: { tenants: readonly TenantOption[] }) {
  const [state, action, isPending] = useActionState(createUserAction, { error: null, created: null, values: null });
  // After a refusal the form is refilled with what was sent; after a creation it starts empty.
  const values = state.values;
  return (
    <div className="flex flex-col gap-4">
      {state.created ? (
        <div role="status" className="flex flex-col gap-2 rounded bg-emerald-50 px-3 py-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
          <p>
            Created {state.created.role} {state.created.email}. Hand over this one-time password now: it is not shown
            again. They choose their own when they first sign in.
          </p>
          <Field label="One-time password" name="one-time-password" value={state.created.password} readOnly />
        </div>
      ) : null}
      <form action={action} className="flex flex-col gap-4">
        <Field label="Email" name="email" type="email" autoComplete="off" required defaultValue={values?.email ?? ""} />
        <UserAccessFields
          tenants={tenants}
          access={{ role: values?.role ?? "analyst", allTenants: values?.allTenants ?? false, tenants: values?.tenants ?? [] }}
        />
        <FormError message={state.error} />
        <SubmitButton isPending={isPending}>Create user</SubmitButton>
      </form>
    </div>
  );
}
