"use client";

import { useEffect, useRef } from "react";

/**
 * Calls `onArrival` whenever GET /api/v1/events says alerts arrived in the caller's scope. The event
 * says nothing more: the view asks the API what is new. EventSource reconnects by itself (the
 * server ends each stream after a while, and says how soon to come back); alerts stored while it
 * was away were announced to no one, so each reconnection is taken as a possible arrival too.
 *
 * A browser gives an origin six connections over HTTP/1.1, so the tabs of one browser share one
 * stream: the tab holding a Web Lock follows it and tells the others over a BroadcastChannel, and
 * when that tab closes another takes the lock and the stream. A hidden tab keeps what it is told
 * for when it is shown, rather than asking the API for lists nobody sees. Where Web Locks are
 * missing (a page served over plain HTTP from a host other than localhost is no secure context),
 * each tab follows a stream of its own, and a hidden tab holds none.
 */
export function useAlertArrivals(onArrival: () => void) {
  const latest = useRef(onArrival);
  useEffect(() => {
    latest.current = onArrival;
  });
  useEffect(() => {
    const arrive = () => latest.current();
    return typeof navigator.locks === "undefined" || typeof BroadcastChannel === "undefined" ? followInThisTab(arrive) : followShared(arrive);
  }, []);
}

const streamLock = "falconry-alert-stream";
const arrivalsChannel = "falconry-alert-arrivals";

/** Follows the stream, calling `onArrival` for each arrival and each reconnection; returns its close. */
function follow(onArrival: () => void, { isOpeningAnArrival = false } = {}): () => void {
  const events = new EventSource("/api/v1/events");
  let hasOpened = isOpeningAnArrival;
  events.addEventListener("alerts", onArrival);
  events.addEventListener("open", () => {
    if (hasOpened) onArrival();
    hasOpened = true;
  });
  return () => events.close();
}

/** One stream for every tab of this browser; returns what stops this tab's part in it. */
function followShared(onArrival: () => void): () => void {
  const channel = new BroadcastChannel(arrivalsChannel);
  let isMissed = false;
  const arrive = () => {
    if (document.hidden) isMissed = true;
    else onArrival();
  };
  const onVisibility = () => {
    if (document.hidden || !isMissed) return;
    isMissed = false;
    onArrival();
  };
  channel.addEventListener("message", arrive);
  document.addEventListener("visibilitychange", onVisibility);

  const stopping = new AbortController();
  /** Holds the stream until this tab stops; `hasWaited`: another tab held it, and between its stream and this one alerts went untold. */
  const lead = (hasWaited: boolean) =>
    new Promise<void>((release) => {
      if (stopping.signal.aborted) return release();
      const tell = () => {
        arrive();
        channel.postMessage("arrived");
      };
      const close = follow(tell, { isOpeningAnArrival: hasWaited });
      stopping.signal.addEventListener("abort", () => {
        close();
        release();
      });
    });
  navigator.locks
    .request(streamLock, { ifAvailable: true }, (lock) =>
      lock ? lead(false) : navigator.locks.request(streamLock, { signal: stopping.signal }, () => lead(true)),
    )
    .catch(() => {}); // the wait for the lock, aborted as this tab stops

  return () => {
    stopping.abort();
    channel.close();
    document.removeEventListener("visibilitychange", onVisibility);
  };
}

/** A stream of this tab's own, closed while the tab is hidden and taken up again when it is shown. */
function followInThisTab(onArrival: () => void): () => void {
  let close: (() => void) | null = null;
  let hasFollowed = false;
  const start = () => {
    close = follow(onArrival, { isOpeningAnArrival: hasFollowed });
    hasFollowed = true;
  };
  const stop = () => {
    close?.();
    close = null;
  };
  const onVisibility = () => (document.hidden ? stop() : (close ?? start()));
  if (!document.hidden) start();
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    document.removeEventListener("visibilitychange", onVisibility);
    stop();
  };
}
