import type { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { AppError } from "@/lib/errors";
import type { PreparedAlert } from "@/lib/ingest/prepare-alert";
import { storeAlerts } from "@/lib/ingest/store-alerts";

interface Pending {
  alerts: PreparedAlert[];
  resolve(isNew: boolean[]): void;
  reject(error: unknown): void;
}

export interface AlertWriterOptions {
  /** Largest batch one transaction writes. */
  maxBatchAlerts?: number;
  /** Alerts waiting beyond this are refused with 503 rather than held in memory. */
  maxQueuedAlerts?: number;
  /** Transactions in flight at once on the writer's connection, each queued behind the one before. */
  maxInFlight?: number;
  /** Told of the alerts each transaction stored, once it has committed (duplicates left out). */
  onStored?: (alerts: PreparedAlert[]) => void;
}

const deadlockDetected = "40P01";
const maxAttempts = 3;

/**
 * Group commit: requests that arrive while a transaction is committing wait and are written
 * together by the next one, so concurrent senders share one WAL flush instead of paying one each.
 * A lone request is written at once. Transactions go through one connection (TransactionPipeline),
 * and the next is sent before the running one has answered once enough alerts wait for it, so the
 * database goes from one to the next without waiting for this process. `write` resolves only after
 * the transaction holding its alerts has committed; if it fails, every request in it fails and
 * none of their alerts is stored. A transaction PostgreSQL aborts to break a deadlock (with another
 * replica's writer, or a re-segmentation) is run again.
 */
export class AlertWriter {
  readonly #queue: Pending[] = [];
  #queuedAlerts = 0;
  readonly #writing = new Set<Promise<void>>();
  readonly #pipeline: TransactionPipeline;
  readonly #maxBatchAlerts: number;
  readonly #maxQueuedAlerts: number;
  readonly #maxInFlight: number;
  /** Alerts in the transaction sent last. */
  #lastBatchAlerts = 0;
  #isClosed = false;
  readonly #onStored: (alerts: PreparedAlert[]) => void;

  /** `pipeline` is the writer's own: `close` ends it. */
  constructor(pipeline: TransactionPipeline, options: AlertWriterOptions = {}) {
    this.#pipeline = pipeline;
    this.#maxBatchAlerts = options.maxBatchAlerts ?? 5_000;
    this.#maxQueuedAlerts = options.maxQueuedAlerts ?? 200_000;
    this.#maxInFlight = options.maxInFlight ?? 2;
    this.#onStored = options.onStored ?? (() => {});
  }

  /** Stores the alerts; resolves, per alert, whether it is new (false: already stored). */
  write(alerts: PreparedAlert[]): Promise<boolean[]> {
    // its connection is ending: a transaction now would open another one
    if (this.#isClosed) return Promise.reject(new AppError("unavailable", "ingest is stopping: send the alerts again once Falconry is back"));
    if (this.#queuedAlerts + alerts.length > this.#maxQueuedAlerts) {
      return Promise.reject(new AppError("unavailable", "ingest is saturated: the database is not keeping up"));
    }
    const done = new Promise<boolean[]>((resolve, reject) => this.#queue.push({ alerts, resolve, reject }));
    this.#queuedAlerts += alerts.length;
    this.#send();
    return done;
  }

  /** Once everything written so far is committed (or has failed), closes its connection; later writes are refused. */
  async close(): Promise<void> {
    this.#isClosed = true;
    while (this.#writing.size > 0) await Promise.all(this.#writing);
    await this.#pipeline.end();
  }

  /** Sends what waits, if the pipeline has room for it; called on each write and each commit. */
  #send(): void {
    while (this.#queue.length > 0 && this.#hasRoom()) {
      const batch = this.#takeBatch();
      const writing: Promise<void> = this.#write(batch).finally(() => {
        this.#writing.delete(writing);
        this.#send();
      });
      this.#writing.add(writing);
    }
  }

  /**
   * A transaction is sent behind a running one once at least as many alerts wait as that one
   * carries. Sent at the next request, it would take one alert and leave the rest for the one
   * after it, and small batches cost PostgreSQL more per alert: with 64 single-alert senders,
   * batches settle at about 28 (measured), near half the senders.
   */
  #hasRoom(): boolean {
    const inFlight = this.#writing.size;
    return inFlight === 0 || (inFlight < this.#maxInFlight && this.#queuedAlerts >= this.#lastBatchAlerts);
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      const alerts = batch.flatMap((p) => p.alerts);
      const inserted = await this.#store(alerts);
      this.#onStored(alerts.filter((a) => inserted.has(a.dedupKey)));
      // Each inserted key is credited to its first claimant: the same alert delivered twice in
      // one batch is one acceptance and one duplicate.
      for (const pending of batch) pending.resolve(pending.alerts.map((a) => inserted.delete(a.dedupKey)));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  async #store(alerts: PreparedAlert[]): Promise<Set<string>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await storeAlerts(this.#pipeline, alerts);
      } catch (error) {
        if ((error as { code?: string }).code !== deadlockDetected || attempt === maxAttempts) throw error;
      }
    }
  }

  #takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let size = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0]!;
      if (batch.length > 0 && size + next.alerts.length > this.#maxBatchAlerts) break;
      batch.push(this.#queue.shift()!);
      size += next.alerts.length;
    }
    this.#queuedAlerts -= size;
    this.#lastBatchAlerts = size;
    return batch;
  }
}
