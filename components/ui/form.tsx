import { useId, type InputHTMLAttributes, type ReactNode } from "react";

/** A labelled input; the hint is its description, not part of its name. */
export function Field({ label, hint, ...input }: { label: string; hint?: string; name: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <input
        {...input}
        id={id}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-950"
      />
      {hint ? (
        <span id={`${id}-hint`} className="text-slate-500">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {message}
    </p>
  ) : null;
}

export function SubmitButton({ isPending, children }: { isPending?: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={isPending}
      className="self-start rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900"
    >
      {children}
    </button>
  );
}
