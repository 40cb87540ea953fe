"use client";

import { useActionState } from "react";
import { revokeIngestTokenAction } from "@/app/admin/clusters/actions";
import { FormError } from "@/components/ui/form";

/** Behind a disclosure, so revoking takes a second, deliberate click. */
export function RevokeIngestTokenForm({ id, hint }: { id: string; hint: string }) {
  const [state, action, isPending] = useActionState(revokeIngestTokenAction, { error: null });
  return (
    <details>
      <summary className="cursor-pointer text-red-700 dark:text-red-400">Revoke</summary>
      <form action={action} className="mt-2 flex flex-col gap-2">
        <input type="hidden" name="id" value={id} />
        <p>Senders using …{hint} are refused from their next request on. This cannot be undone.</p>
        <FormError message={state.error} />
        <button
          type="submit"
          disabled={isPending}
          className="self-start rounded bg-red-700 px-3 py-1 font-medium text-white disabled:opacity-60 dark:bg-red-600"
        >
          Revoke token …{hint}
        </button>
      </form>
    </details>
  );
}
