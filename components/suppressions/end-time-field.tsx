"use client";

import { useId } from "react";
import type { EndChoice } from "@/components/suppressions/end-time";

const choiceLabels: Record<EndChoice, string> = {
  keep: "Keep its end",
  "1d": "1 day",
  "7d": "7 days",
  "30d": "30 days",
  custom: "Custom",
  forever: "Forever",
};

/** When the rule stops applying: quick choices, a custom UTC time, forever for admins, or (editing) the end it has. */
export function EndTimeField({
  legend = "Ends",
  choice,
  custom,
  onChange,
  canForever,
  keepLabel,
}: {
  legend?: string;
  choice: EndChoice;
  custom: string;
  onChange: (choice: EndChoice, custom: string) => void;
  canForever: boolean;
  /** Offers to keep the rule's end, said like this. */
  keepLabel?: string;
}) {
  const name = useId();
  const choices: EndChoice[] = [...(keepLabel ? (["keep"] as const) : []), "1d", "7d", "30d", "custom", ...(canForever ? (["forever"] as const) : [])];
  return (
    <fieldset className="flex flex-col gap-2 text-sm">
      <legend className="mb-1 font-medium">{legend}</legend>
      <div className="flex flex-wrap items-center gap-4">
        {choices.map((value) => (
          <label key={value} className="flex items-center gap-1">
            <input type="radio" name={name} value={value} checked={choice === value} onChange={() => onChange(value, custom)} />
            {value === "keep" ? `${choiceLabels.keep} (${keepLabel})` : choiceLabels[value]}
          </label>
        ))}
      </div>
      {choice === "custom" ? (
        <label className="flex flex-col gap-1">
          <span className="font-medium">End time (UTC)</span>
          <input
            type="datetime-local"
            value={custom}
            onChange={(event) => onChange("custom", event.target.value)}
            className="self-start rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
      ) : null}
      {canForever ? null : <span className="text-slate-500">Only administrators may suppress forever.</span>}
    </fieldset>
  );
}
