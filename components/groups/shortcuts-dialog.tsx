"use client";

import { useEffect, useRef } from "react";

const triageShortcuts: ReadonlyArray<readonly [string, string]> = [
  ["j", "Highlight the next group"],
  ["k", "Highlight the previous group"],
  ["o", "Open the highlighted group"],
  ["x", "Tick or untick the highlighted group"],
  ["a", "Acknowledge the ticked groups, or else the highlighted one (not the whole filter)"],
  ["r", "Resolve them (asks for a reason)"],
  ["f", "Mark them false positive (asks for a reason)"],
  ["/", "Search"],
  ["?", "This list"],
];

/** The keyboard shortcuts of the triage list, in a modal dialog that Escape closes. */
export function ShortcutsDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (isOpen && !element.open) element.showModal();
    if (!isOpen && element.open) element.close();
  }, [isOpen]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="triage-shortcuts-title"
      onClose={onClose}
      className="rounded-lg border border-slate-300 bg-white p-6 text-slate-900 shadow-lg backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id="triage-shortcuts-title" className="mb-3 text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {triageShortcuts.map(([key, meaning]) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 px-1.5 font-mono dark:border-slate-700">{key}</kbd>
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="mt-4">
        <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">
          Close
        </button>
      </form>
    </dialog>
  );
}
