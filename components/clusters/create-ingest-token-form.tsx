"use client";

import { useActionState } from "react";
import { createIngestTokenAction } from "@/app/admin/clusters/actions";
import { Command } from "@/components/ui/page-shell";
import { Field, FormError, SubmitButton } from "@/components/ui/form";

export function CreateIngestTokenForm({ clusterName }: { clusterName: string }) {
  const [state, action, isPending] = useActionState(createIngestTokenAction, { error: null, created: null });
  return (
    <>
      <form action={action} className="flex flex-col gap-4">
        <input type="hidden" name="clusterName" value={clusterName} />
        <Field label="Label" name="label" maxLength={200} hint="Optional: which sender will use it, e.g. falcosidekick." />
        <FormError message={state.error} />
        <SubmitButton isPending={isPending}>Create token</SubmitButton>
      </form>
      {state.created ? (
        <section aria-label="New ingest token" className="flex flex-col gap-3 rounded border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950">
          <h3 className="font-semibold">New token …{state.created.hint}: copy it now</h3>
          <p>It is shown only this once; Falconry keeps just its hash. Paste it, or one of these configurations, into the sender.</p>
          <Command>{state.created.token}</Command>
          {state.created.snippets.map((snippet) => (
            <section key={snippet.sender} aria-label={snippet.title} className="flex flex-col gap-1">
              <h4 className="font-medium">
                {snippet.title} <span className="font-normal text-slate-500">in {snippet.file}</span>
              </h4>
              <Command>{snippet.text}</Command>
            </section>
          ))}
        </section>
      ) : null}
    </>
  );
}
