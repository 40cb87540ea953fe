"use client";

import { useActionState, useState } from "react";
import { deactivateUserAction } from "@/app/admin/users/actions";
import { FormError, FormNotice } from "@/components/ui/form";

/** Deactivation cannot be undone from here, so it takes a second, explicit click. */
export function DeactivateUserForm({ email }: { email: string }) {
  const [state, action, isPending] = useActionState(deactivateUserAction, { error: null, notice: null });
  const [isConfirming, setIsConfirming] = useState(false);
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="email" value={email} />
      <p>Their sessions end at once, their API tokens stop working, and they can no longer sign in.</p>
      {isConfirming ? (
        <div className="flex flex-wrap items-center gap-3">
          <span className="font-medium">Deactivate {email}?</span>
          <button
            type="submit"
            disabled={isPending}
            className="rounded bg-red-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-60 dark:bg-red-600"
          >
            Yes, deactivate
          </button>
          <button type="button" onClick={() => setIsConfirming(false)} className="rounded border border-slate-300 px-4 py-2 text-sm dark:border-slate-700">
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          onClick={() => setIsConfirming(true)}
          className="self-start rounded border border-red-300 px-4 py-2 text-sm font-medium text-red-800 dark:border-red-800 dark:text-red-300"
        >
          Deactivate
        </button>
      )}
      <FormError message={state.error} />
      <FormNotice message={state.notice} />
    </form>
  );
}
