import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False while rendering on the server (and hydrating), true in the browser after. Charts render in
 * the browser only: their inline styles would be style attributes in server HTML, which the
 * content security policy refuses (lib/server/content-security-policy.ts), while styles set from
 * script are allowed.
 */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
