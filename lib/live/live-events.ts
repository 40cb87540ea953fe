import type { Caller } from "@/lib/auth/caller";
import { getSql } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ArrivalFeed, concerns } from "@/lib/live/alert-arrivals";

const holder = globalThis as unknown as { falconryArrivalFeed?: ArrivalFeed; falconryStreamsByPerson?: Map<string, number> };

const keepAliveMs = 25_000;
// A stream carries the caller's scope as it was when it opened: it ends after this long, and the
// browser's EventSource reconnects, signing in again with whatever the session allows by then.
const maxStreamMs = 5 * 60_000;
/**
 * Streams one person may hold open on this process at once. The tabs of a browser share one
 * (components/groups/use-alert-arrivals.ts); the cap keeps one person, or their stolen session,
 * from holding the server's sockets and subscriptions by the thousand.
 */
export const maxStreamsPerPerson = 16;

/**
 * Server-sent events for live views: `event: alerts` whenever alerts arrive in the caller's scope,
 * saying nothing more (not how many, nor where): the view asks the API what is new.
 */
export function liveEvents(caller: Caller, signal: AbortSignal): ReadableStream<Uint8Array> {
  holder.falconryArrivalFeed ??= new ArrivalFeed(getSql());
  const feed = holder.falconryArrivalFeed;
  const streams = (holder.falconryStreamsByPerson ??= new Map());
  const held = streams.get(caller.userId) ?? 0;
  if (held >= maxStreamsPerPerson) {
    throw new AppError("too_many_requests", `events: at most ${maxStreamsPerPerson} live streams per person at once; close some of your other tabs or windows`);
  }
  streams.set(caller.userId, held + 1);
  let isCounted = true;
  const uncount = () => {
    if (!isCounted) return;
    isCounted = false;
    const left = (streams.get(caller.userId) ?? 1) - 1;
    if (left > 0) streams.set(caller.userId, left);
    else streams.delete(caller.userId);
  };
  const encoder = new TextEncoder();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const unsubscribe = feed.subscribe((arrived) => {
        if (concerns(arrived, caller.scope)) send("event: alerts\ndata: {}\n\n");
      });
      const keepAlive = setInterval(() => send(": keep-alive\n\n"), keepAliveMs);
      const end = setTimeout(() => stop(), maxStreamMs);
      stop = () => {
        uncount();
        unsubscribe();
        clearInterval(keepAlive);
        clearTimeout(end);
        signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // already closed: the client went away
        }
      };
      signal.addEventListener("abort", stop);
      if (signal.aborted) return stop();
      send("retry: 3000\n\n");
    },
    cancel() {
      stop();
    },
  });
}
