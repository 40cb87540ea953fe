"use client";

import { useId } from "react";
import { newRowKey, suggestedFields, takesList, takesNoValue, type MatcherRow } from "@/components/suppressions/matcher-rows";
import { matcherOperators, maxMatchers, type MatcherOperator } from "@/lib/suppressions/matcher";

const controlClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";
const buttonClass = "rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700";

/** Rows of field / operator / value, all of which must match; `in` lists are comma-separated (`\,` within a value), `exists` takes no value. */
export function MatchersEditor({ rows, onChange }: { rows: readonly MatcherRow[]; onChange: (rows: MatcherRow[]) => void }) {
  const listId = useId();
  const update = (key: string, change: Partial<MatcherRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <fieldset className="flex flex-col gap-2 text-sm">
      <legend className="mb-1 font-medium">Matchers</legend>
      <p className="text-slate-500">Every row must match. For “in” and “not in”, separate values with commas (a comma within a value is written \,); “exists” and “not exists” take no value.</p>
      <datalist id={listId}>
        {suggestedFields.map((field) => (
          <option key={field} value={field} />
        ))}
      </datalist>
      {rows.length === 0 ? <p>No matcher yet: add one.</p> : null}
      <ol className="flex flex-col gap-2">
        {rows.map((row, index) => (
          <li key={row.key} className="grid grid-cols-[minmax(0,1fr)_5.5rem_minmax(0,1fr)_auto] items-center gap-2">
            <input
              aria-label={`Matcher ${index + 1} field`}
              list={listId}
              value={row.field}
              onChange={(event) => update(row.key, { field: event.target.value })}
              placeholder="rule, namespace, proc.name…"
              autoComplete="off"
              className={`${controlClass} w-full font-mono`}
            />
            <select
              aria-label={`Matcher ${index + 1} operator`}
              value={row.op}
              onChange={(event) => update(row.key, { op: event.target.value as MatcherOperator })}
              className={controlClass}
            >
              {matcherOperators.map((op) => (
                <option key={op} value={op}>
                  {op}
                </option>
              ))}
            </select>
            {takesNoValue(row.op) ? (
              <span className="text-slate-500">(no value)</span>
            ) : (
              <input
                aria-label={`Matcher ${index + 1} value`}
                value={row.value}
                onChange={(event) => update(row.key, { value: event.target.value })}
                placeholder={takesList(row.op) ? "a, b, c" : row.op.includes("~") ? "an RE2 regular expression" : "a value"}
                autoComplete="off"
                className={`${controlClass} w-full font-mono`}
              />
            )}
            <button type="button" className={buttonClass} aria-label={`Remove matcher ${index + 1}`} onClick={() => onChange(rows.filter((other) => other.key !== row.key))}>
              Remove
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className={`${buttonClass} self-start`}
        disabled={rows.length >= maxMatchers}
        onClick={() => onChange([...rows, { key: newRowKey(), field: "", op: "=", value: "" }])}
      >
        Add matcher
      </button>
    </fieldset>
  );
}
