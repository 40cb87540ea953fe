import type { IncomingMessage, ServerResponse } from "node:http";
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

// Alerts prepared with the old patterns may commit just after a tenant change was re-segmented;
// a second pass shortly after catches them.
const resegmentDelayMs = 2_000;

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
  let resegmentTimer: NodeJS.Timeout | undefined;

  await Promise.all([segmenter.reload(), suppressor.reload()]);
  const unlisten = await listenForConfigChanges(sql, (change) => {
    if (change === "tokens") return authenticator.clear();
    if (change === "suppressions") {
      return void suppressor.reload().catch((error) => console.error("Reloading suppression rules failed:", error));
    }
    segmenter.reload().catch((error) => console.error("Reloading tenant patterns failed:", error));
    clearTimeout(resegmentTimer);
    resegmentTimer = setTimeout(() => {
      resegmentAlerts(sql).catch((error) => console.error("Re-segmenting alerts failed:", error));
    }, resegmentDelayMs);
  });

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
        clearTimeout(resegmentTimer);
        if (handling > 0) await new Promise<void>((resolve) => (drained = resolve));
        await writer.close();
        await Promise.all([arrivals.flush(), hits.flush()]);
        await unlisten();
      })()),
  };
}
