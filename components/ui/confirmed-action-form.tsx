"use client";

import { useActionState, type ReactNode } from "react";
import { FormError } from "@/components/ui/form";
import type { ActionResult } from "@/lib/server/action-result";

/**
 * A destructive action behind a disclosure, so it takes a second, deliberate click. `action` is a
 * server action taking the form with `id`.
 */
export function ConfirmedActionForm({
  action,
  id,
  summary,
  confirmLabel,
  children,
}: {
  action: (previous: ActionResult, form: FormData) => Promise<ActionResult>;
  id: string;
  summary: string;
  confirmLabel: string;
  /** What will happen, said before the button. */
  children: ReactNode;
}) {
  const [state, formAction, isPending] = useActionState(action, { error: null });
  return (
    <details>
      <summary className="cursor-pointer text-red-700 dark:text-red-400">{summary}</summary>
      <form action={formAction} className="mt-2 flex flex-col gap-2">
        <input type="hidden" name="id" value={id} />
        <p>{children}</p>
        <FormError message={state.error} />
        <button
          type="submit"
          disabled={isPending}
          className="self-start rounded bg-red-700 px-3 py-1 font-medium text-white disabled:opacity-60 dark:bg-red-600"
        >
          {confirmLabel}
        </button>
      </form>
    </details>
  );
}
