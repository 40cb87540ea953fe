"use client";

import { useActionState } from "react";
import { updateUserAction } from "@/app/admin/users/actions";
import { FormError, FormNotice, SubmitButton } from "@/components/ui/form";
import { UserAccessFields, type TenantOption, type UserAccess } from "@/components/users/user-access-fields";

export function EditUserForm({ email, access, tenants }: { email: string; access: UserAccess; tenants: readonly TenantOption[] }) {
  const [state, action, isPending] = useActionState(updateUserAction, { error: null, notice: null });
  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="email" value={email} />
      <UserAccessFields tenants={tenants} access={access} />
      <FormError message={state.error} />
      <FormNotice message={state.notice} />
      <SubmitButton isPending={isPending}>Save role and tenants</SubmitButton>
    </form>
  );
}
