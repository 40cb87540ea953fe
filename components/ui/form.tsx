import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

const controlClass = "rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-950";

/** A label, the control it names, and a hint that describes the control without being its name. */
function LabelledControl({ label, hint, control }: { label: string; hint?: string; control: (props: { id: string; "aria-describedby"?: string }) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {control({ id, "aria-describedby": hint ? `${id}-hint` : undefined })}
      {hint ? (
        <span id={`${id}-hint`} className="text-slate-500">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function Field({ label, hint, ...input }: { label: string; hint?: string; name: string } & InputHTMLAttributes<HTMLInputElement>) {
  return <LabelledControl label={label} hint={hint} control={(labelled) => <input {...input} {...labelled} className={controlClass} />} />;
}

/** A labelled drop-down list. */
export function SelectField({
  label,
  hint,
  options,
  ...select
}: { label: string; hint?: string; name: string; options: ReadonlyArray<{ value: string; label: string }> } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <LabelledControl
      label={label}
      hint={hint}
      control={(labelled) => (
        <select {...select} {...labelled} className={controlClass}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {message}
    </p>
  ) : null;
}

/**
 * What a form's action did, when it worked and the page stays. The status is there, empty, before
 * any message: screen readers say what changes in a live region, and commonly skip one that
 * appears already holding its text.
 */
export function FormNotice({ message }: { message: string | null }) {
  return (
    <p role="status" className={message ? "rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" : "sr-only"}>
      {message}
    </p>
  );
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
