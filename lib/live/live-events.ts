import type { Caller } from "@/lib/auth/caller";
import { getSql } from "@/lib/db";
import { ArrivalFeed, concerns } from "@/lib/live/alert-arrivals";

const holder = globalThis as unknown as { falconryArrivalFeed?: ArrivalFeed };

const keepAliveMs = 25_000;
// A stream carries the caller's scope as it was when it opened: it ends after this long, and the
// browser's EventSource reconnects, signing in again with whatever the session allows by then.
const maxStreamMs = 5 * 60_000;

/**
 * Server-sent events for live views: `event: alerts` whenever alerts arrive in the caller's scope,
 * saying nothing more (not how many, nor where): the view asks the API what is new.
 */
export function liveEvents(caller: Caller, signal: AbortSignal): ReadableStream<Uint8Array> {
  holder.falconryArrivalFeed ??= new ArrivalFeed(getSql());
  const feed = holder.falconryArrivalFeed;
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
      send("retry: 3000\n\n");
    },
    cancel() {
      stop();
    },
  });
}
