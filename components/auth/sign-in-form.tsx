"use client";

import { useActionState } from "react";
import { signInAction } from "@/app/sign-in/actions";
import { Field, FormError, SubmitButton } from "@/components/ui/form";

export function SignInForm({ next }: { next: string }) {
  const [state, action, isPending] = useActionState(signInAction, { error: null });
  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="next" value={next} />
      <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={state.email ?? ""} key={state.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <FormError message={state.error} />
      <SubmitButton isPending={isPending}>Sign in</SubmitButton>
    </form>
  );
}
