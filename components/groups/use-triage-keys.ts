"use client";

import { useEffect, useRef } from "react";

const notTyping = new Set(["checkbox", "radio", "button", "submit", "reset"]);

/** Where a key is text being typed, not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !notTyping.has(target.type);
}

/**
 * Single-key shortcuts for the page (`{ j: next, "?": help }`), by `KeyboardEvent.key`. Keys typed
 * into a field, with a modifier, or while a modal dialog is open are left alone.
 */
export function useTriageKeys(keys: Readonly<Record<string, () => void>>) {
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector("dialog[open]")) return;
      const run = latest.current[event.key];
      if (!run) return;
      event.preventDefault();
      run();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
