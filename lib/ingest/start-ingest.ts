import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { listenForConfigChanges } from "@/lib/db/config-changes";
import type { Sql } from "@/lib/db/sql";
import { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { AlertWriter } from "@/lib/ingest/alert-writer";
import { createIngestHandler, type IngestLimits } from "@/lib/ingest/ingest-handler";
import { TenantSegmenter } from "@/lib/ingest/tenant-segmenter";
import { TokenAuthenticator } from "@/lib/ingest/token-authenticator";
import { ArrivalNotifier } from "@/lib/live/alert-arrivals";
import { HitCounter } from "@/lib/suppressions/hit-counter";
import { Suppressor } from "@/lib/suppressions/suppressor";
import { resegmentAlerts } from "@/lib/tenants/resegment-alerts";

export interface Ingest {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  segmenter: TenantSegmenter;
  /**
   * Answers the requests being handled (their alerts committed), closes the writer, which refuses
   * what comes after with 503, then stops following config changes. Once: later calls wait for the
   * first.
   */
  close(): Promise<void>;
}

/** The longest wait between tries of a reload or a re-segmentation that fails. */
const maxRetryMs = 30_000;
/** A replica's catch-up after a tenant change waits at least this long: see `catchUp`. */
const catchUpDelayMs = 2_000;

/** Waits `ms`, or less if `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => {});
}

/** `sql` sees every tenant; the writer opens a connection of its own to `databaseUrl`. */
export async function startIngest(sql: Sql, databaseUrl: string, limits: IngestLimits): Promise<Ingest> {
  const authenticator = new TokenAuthenticator(sql);
  const segmenter = new TenantSegmenter(sql);
  const suppressor = new Suppressor(sql);
  const arrivals = new ArrivalNotifier(sql);
  const hits = new HitCounter(sql);
  const writer = new AlertWriter(new TransactionPipeline(databaseUrl, { seesAllTenants: true }), {
    onStored: (alerts) => {
      // Suppressed alerts are stored, but nobody is told of them.
      arrivals.record(alerts.filter((a) => a.row.suppressed_by === null).map((a) => a.row.tenant_id));
      hits.record(alerts.flatMap((a) => (a.row.suppressed_by === null ? a.shadowedBy : [a.row.suppressed_by, ...a.shadowedBy])));
    },
  });
  const stopping = new AbortController();
  /** Runs `task` until it succeeds, or Falconry stops, waiting longer after each failure. */
  const untilDone = async (task: () => Promise<unknown>, what: string): Promise<void> => {
    for (let delayMs = 1_000; !stopping.signal.aborted; delayMs = Math.min(2 * delayMs, maxRetryMs)) {
      try {
        await task();
        return;
      } catch (error) {
        if (stopping.signal.aborted) return;
        console.error(`${what} failed; trying again in ${delayMs / 1000} s:`, error);
        await pause(delayMs, stopping.signal);
      }
    }
  };
  // After a tenant change, the alerts this replica prepared with the old patterns are re-segmented
  // once they are stored: once the new patterns are in use, everything prepared before is in the
  // writer (a request prepares and queues its alerts in one step). A run that started earlier may
  // have come too soon for them; ingest marks their namespace (has_misplaced_alerts) for this one.
  // One run at a time, and not before the saving replica's own run, which says what it moved.
  let catchingUp = Promise.resolve();
  const catchUp = (reloaded: Promise<void>) => {
    catchingUp = catchingUp.then(async () => {
      await Promise.all([reloaded.then(() => writer.settled()), pause(catchUpDelayMs, stopping.signal)]);
      if (!stopping.signal.aborted) await untilDone(() => resegmentAlerts(sql), "Re-segmenting alerts");
    });
  };

  await Promise.all([segmenter.reload(), suppressor.reload()]);
  const unlisten = await listenForConfigChanges(sql, (change) => {
    if (stopping.signal.aborted) return;
    if (change === "tokens") return authenticator.clear();
    if (change === "suppressions") return void untilDone(() => suppressor.reload(), "Reloading suppression rules");
    catchUp(untilDone(() => segmenter.reload(), "Reloading tenant patterns"));
  });
  // namespaces marked before this start (a replica that stopped first, or the migration that added the mark)
  const [marked] = await sql<[{ isMarked: boolean }]>`SELECT EXISTS (SELECT FROM cluster_namespaces WHERE has_misplaced_alerts) AS "isMarked"`;
  if (marked.isMarked) catchUp(Promise.resolve());

  const handle = createIngestHandler({ authenticator, segmenter, suppressor, writer, limits });
  let handling = 0;
  let drained: (() => void) | undefined;
  const settle = () => {
    if (--handling === 0) drained?.();
  };
  let closed: Promise<void> | undefined;

  return {
    handle: (req, res) => {
      const handled = handle(req, res);
      // Those arriving once closing has begun are not waited for: stored if they reach the writer
      // before it closes, else refused with 503.
      if (!closed) {
        handling++;
        handled.then(settle, settle);
      }
      return handled;
    },
    segmenter,
    close: () =>
      (closed ??= (async () => {
        stopping.abort();
        if (handling > 0) await new Promise<void>((resolve) => (drained = resolve));
        await writer.close();
        await catchingUp; // a run under way finishes; none starts now
        await Promise.all([arrivals.flush(), hits.flush()]);
        await unlisten();
      })()),
  };
}
