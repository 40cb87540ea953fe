"use client";

import { useState } from "react";

/** Copies one value to the clipboard, and says so. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // no clipboard (an insecure origin, or permission refused): the value can still be selected by hand
      setState("failed");
    }
  }
  const text = state === "copied" ? "Copied" : state === "failed" ? "Select to copy" : "Copy";
  // the name says the result too: `label` alone hid it from screen readers
  return (
    <button type="button" aria-label={state === "idle" ? label : `${label}: ${text}`} onClick={() => void copy()} className="rounded border border-slate-300 px-2 text-xs dark:border-slate-700">
      {text}
    </button>
  );
}
