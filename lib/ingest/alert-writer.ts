import type { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { AppError } from "@/lib/errors";
import { countStoredAlerts } from "@/lib/ingest/count-alerts";
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
  /** Stored alerts are counted into their groups and the rollups at most this often. */
  countIntervalMs?: number;
  /** Told of the alerts each transaction stored, once it has committed (duplicates left out). */
  onStored?: (alerts: PreparedAlert[]) => void;
  /** Told, once a count has committed, of the tenants of the alerts it counted that are not suppressed. */
  onCounted?: (tenantIds: string[]) => void;
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
 *
 * Stored alerts are counted into their groups and the rollups by a transaction of their own, sent
 * through the same connection at most every `countIntervalMs` (lib/ingest/count-alerts.ts): after
 * a quiet spell, the first alerts are counted right after they are stored; under load, a count
 * takes those of many transactions. Counts therefore trail ingest by up to that interval.
 */
export class AlertWriter {
  readonly #queue: Pending[] = [];
  #queuedAlerts = 0;
  /** Transactions in flight, counts included. */
  readonly #writing = new Set<Promise<void>>();
  /** Transactions in flight that store alerts. */
  #storing = 0;
  readonly #pipeline: TransactionPipeline;
  readonly #maxBatchAlerts: number;
  readonly #maxQueuedAlerts: number;
  readonly #maxInFlight: number;
  /** Alerts in the transaction sent last. */
  #lastBatchAlerts = 0;
  readonly #onStored: (alerts: PreparedAlert[]) => void;
  readonly #countIntervalMs: number;
  readonly #onCounted: (tenantIds: string[]) => void;
  /** Whether alerts may wait to be counted: set by each store, cleared by the count sent next. */
  #uncounted = false;
  #countTimer: NodeJS.Timeout | undefined;
  #countDue = false;
  #counting = false;
  #lastCountAt = Number.NEGATIVE_INFINITY;
  #closing = false;

  /** `pipeline` is the writer's own: `close` ends it. */
  constructor(pipeline: TransactionPipeline, options: AlertWriterOptions = {}) {
    this.#pipeline = pipeline;
    this.#maxBatchAlerts = options.maxBatchAlerts ?? 5_000;
    this.#maxQueuedAlerts = options.maxQueuedAlerts ?? 200_000;
    this.#maxInFlight = options.maxInFlight ?? 2;
    this.#onStored = options.onStored ?? (() => {});
    this.#countIntervalMs = options.countIntervalMs ?? 250;
    this.#onCounted = options.onCounted ?? (() => {});
  }

  /** Stores the alerts; resolves, per alert, whether it is new (false: already stored). */
  write(alerts: PreparedAlert[]): Promise<boolean[]> {
    if (this.#queuedAlerts + alerts.length > this.#maxQueuedAlerts) {
      return Promise.reject(new AppError("unavailable", "ingest is saturated: the database is not keeping up"));
    }
    const done = new Promise<boolean[]>((resolve, reject) => this.#queue.push({ alerts, resolve, reject }));
    this.#queuedAlerts += alerts.length;
    this.#send();
    return done;
  }

  /**
   * Counts now, whatever the interval, what waits to be counted: also what any replica stored and
   * did not count before it stopped. Resolves once the count has committed (a failed one is logged
   * and retried later).
   */
  count(): Promise<void> {
    const counting = this.#count();
    this.#track(counting);
    return counting;
  }

  /** Once everything written so far is committed (or has failed) and counted, closes its connection. */
  async close(): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#countTimer);
    while (this.#writing.size > 0) await Promise.all(this.#writing);
    if (this.#uncounted) await this.#count();
    await this.#pipeline.end();
  }

  /**
   * Sends what waits, if the pipeline has room for it, and a count that is due behind it; called on
   * each write, each commit and when a count falls due. Counts take no room from alerts.
   */
  #send(): void {
    while (this.#queue.length > 0 && this.#hasRoom()) this.#track(this.#write(this.#takeBatch()));
    if (this.#countDue) {
      this.#countDue = false;
      this.#track(this.#count());
    }
  }

  #track(transaction: Promise<void>): void {
    const writing: Promise<void> = transaction.finally(() => {
      this.#writing.delete(writing);
      this.#send();
    });
    this.#writing.add(writing);
  }

  /** Makes a count due once `countIntervalMs` has passed since the last one was sent. */
  #scheduleCount(): void {
    if (this.#closing || this.#countTimer || this.#countDue || this.#counting) return;
    const delay = Math.max(0, this.#lastCountAt + this.#countIntervalMs - performance.now());
    this.#countTimer = setTimeout(() => {
      this.#countTimer = undefined;
      this.#countDue = true;
      this.#send();
    }, delay);
    this.#countTimer.unref();
  }

  /**
   * Counts what was stored. A failed count, or one that found re-segmentation under way, leaves
   * the alerts to the next one.
   */
  async #count(): Promise<void> {
    this.#counting = true;
    this.#uncounted = false;
    this.#lastCountAt = performance.now();
    try {
      const { held, more, tenantIds } = await countStoredAlerts(this.#pipeline);
      if (!held || more) this.#uncounted = true;
      if (tenantIds.length > 0) this.#onCounted(tenantIds);
    } catch (error) {
      this.#uncounted = true;
      console.error("Counting stored alerts failed; the next count takes them:", error);
    } finally {
      this.#counting = false;
      if (this.#uncounted) this.#scheduleCount();
    }
  }

  /**
   * A transaction is sent behind a running one once at least as many alerts wait as that one
   * carries. Sent at the next request, it would take one alert and leave the rest for the one
   * after it, and small batches cost PostgreSQL more per alert: with 64 single-alert senders,
   * batches settle at about 28 (measured), near half the senders.
   */
  #hasRoom(): boolean {
    const inFlight = this.#storing;
    return inFlight === 0 || (inFlight < this.#maxInFlight && this.#queuedAlerts >= this.#lastBatchAlerts);
  }

  async #write(batch: Pending[]): Promise<void> {
    this.#storing++;
    try {
      const alerts = batch.flatMap((p) => p.alerts);
      const inserted = await this.#store(alerts);
      if (inserted.size > 0) {
        this.#uncounted = true;
        this.#scheduleCount();
      }
      this.#onStored(alerts.filter((a) => inserted.has(a.dedupKey)));
      // Each inserted key is credited to its first claimant: the same alert delivered twice in
      // one batch is one acceptance and one duplicate.
      for (const pending of batch) pending.resolve(pending.alerts.map((a) => inserted.delete(a.dedupKey)));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.#storing--;
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
