"use client";

import { useActionState } from "react";
import { changePasswordAction } from "@/app/account/actions";
import { Field, FormError, SubmitButton } from "@/components/ui/form";

export function ChangePasswordForm() {
  const [state, action, isPending] = useActionState(changePasswordAction, { error: null });
  return (
    <form action={action} className="flex flex-col gap-4">
      <p className="text-sm text-slate-600">Changing your password signs you out everywhere else and revokes your API tokens.</p>
      <Field label="Current password" name="current" type="password" autoComplete="current-password" required />
      <Field label="New password" name="next" type="password" autoComplete="new-password" minLength={12} required hint="At least 12 characters." />
      <Field label="New password again" name="confirm" type="password" autoComplete="new-password" minLength={12} required />
      <FormError message={state.error} />
      <SubmitButton isPending={isPending}>Change password</SubmitButton>
    </form>
  );
}
