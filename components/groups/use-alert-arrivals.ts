"use client";

import { useEffect, useRef } from "react";

/**
 * Calls `onArrival` whenever GET /api/v1/events says alerts arrived in the caller's scope. The event
 * says nothing more: the view asks the API what is new. EventSource reconnects by itself (the
 * server ends each stream after a while, and says how soon to come back); alerts stored while it
 * was away were announced to no one, so each reconnection is taken as a possible arrival too.
 * A hidden tab holds no stream: a browser gives an origin six connections over HTTP/1.1, and six
 * tabs left open on lists would leave none for the seventh. It follows again when shown.
 */
export function useAlertArrivals(onArrival: () => void) {
  const latest = useRef(onArrival);
  useEffect(() => {
    latest.current = onArrival;
  });
  useEffect(() => {
    const handle = () => latest.current();
    let hasOpened = false;
    const reopen = () => {
      if (hasOpened) latest.current();
      hasOpened = true;
    };
    let events: EventSource | null = null;
    const follow = () => {
      events = new EventSource("/api/v1/events");
      events.addEventListener("alerts", handle);
      events.addEventListener("open", reopen);
    };
    const stop = () => {
      events?.close();
      events = null;
    };
    const onVisibility = () => (document.hidden ? stop() : (events ?? follow()));
    if (!document.hidden) follow();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      stop();
    };
  }, []);
}
