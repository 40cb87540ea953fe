"use client";

import { useEffect, useRef } from "react";

/**
 * Calls `onArrival` whenever GET /api/v1/events says alerts arrived in the caller's scope. The event
 * says nothing more: the view asks the API what is new. EventSource reconnects by itself (the
 * server ends each stream after a while, and says how soon to come back); alerts stored while it
 * was away were announced to no one, so each reconnection is taken as a possible arrival too.
 */
export function useAlertArrivals(onArrival: () => void) {
  const latest = useRef(onArrival);
  useEffect(() => {
    latest.current = onArrival;
  });
  useEffect(() => {
    const events = new EventSource("/api/v1/events");
    const handle = () => latest.current();
    let hasOpened = false;
    const reopen = () => {
      if (hasOpened) latest.current();
      hasOpened = true;
    };
    events.addEventListener("alerts", handle);
    events.addEventListener("open", reopen);
    return () => {
      events.removeEventListener("alerts", handle);
      events.removeEventListener("open", reopen);
      events.close();
    };
  }, []);
}
