"use client";

import { useActionState } from "react";
import { completeSetupAction } from "@/app/setup/actions";
import { Field, FormError, SubmitButton } from "@/components/ui/form";

export function FirstAdminForm({ token }: { token: string }) {
  const [state, action, isPending] = useActionState(completeSetupAction.bind(null, token), { error: null });
  return (
    <form action={action} className="flex flex-col gap-4">
      <Field label="Email" name="email" type="email" autoComplete="username" required />
      <Field label="Name" name="name" autoComplete="name" />
      <Field label="Password" name="password" type="password" autoComplete="new-password" minLength={12} required hint="At least 12 characters." />
      <Field label="Password again" name="confirm" type="password" autoComplete="new-password" minLength={12} required />
      <FormError message={state.error} />
      <SubmitButton isPending={isPending}>Create administrator</SubmitButton>
    </form>
  );
}
