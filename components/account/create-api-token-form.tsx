"use client";

import { useActionState } from "react";
import { createApiTokenAction } from "@/app/account/api-token-actions";
import { Field, FormError, SubmitButton } from "@/components/ui/form";
import { Command } from "@/components/ui/page-shell";

export function CreateApiTokenForm() {
  const [state, action, isPending] = useActionState(createApiTokenAction, { error: null, created: null });
  return (
    <>
      <form action={action} className="flex flex-col gap-4">
        <Field label="Label" name="label" maxLength={200} hint="Optional: which script will use it, e.g. nightly-export." />
        <FormError message={state.error} />
        <SubmitButton isPending={isPending}>Create API token</SubmitButton>
      </form>
      {state.created ? (
        <section aria-label="New API token" className="flex flex-col gap-3 rounded border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950">
          <h3 className="font-semibold">New token …{state.created.hint}: copy it now</h3>
          <p>It is shown only this once; Falconry keeps just its hash. Scripts send it as a header:</p>
          <Command>{state.created.token}</Command>
          <Command>{`curl -H "Authorization: Bearer ${state.created.token}" ${window.location.origin}/api/v1/me`}</Command>
        </section>
      ) : null}
    </>
  );
}
