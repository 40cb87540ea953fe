import type { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { AppError } from "@/lib/errors";
import { countStoredAlerts, type Count, type CountLimits } from "@/lib/ingest/count-alerts";
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
  /**
   * A count goes at least this often, whatever this writer stored: for what other replicas left
   * behind when they stopped, and what a store that failed after its commit left.
   */
  sweepIntervalMs?: number;
  /** What one count takes at most (lib/ingest/count-alerts.ts). */
  countLimits?: CountLimits;
  /** Told of the alerts each transaction stored, once it has committed (duplicates left out). */
  onStored?: (alerts: PreparedAlert[]) => void;
  /** Told, once a count has committed, of the tenants of the alerts it counted that are not suppressed. */
  onCounted?: (tenantIds: string[]) => void;
}

const deadlockDetected = "40P01";
const maxCountsAtClose = 5;
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
 * takes those of many transactions, and a backlog is worked off count after count. Counts
 * therefore trail ingest by up to that interval.
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
  readonly #countLimits: CountLimits | undefined;
  readonly #onCounted: (tenantIds: string[]) => void;
  /** Whether alerts may wait to be counted: set by stores, failures and sweeps, cleared by the count sent next. */
  #uncounted = false;
  #countTimer: NodeJS.Timeout | undefined;
  readonly #sweepTimer: NodeJS.Timeout;
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
    this.#countLimits = options.countLimits;
    this.#onCounted = options.onCounted ?? (() => {});
    this.#sweepTimer = setInterval(() => this.#countLater(), options.sweepIntervalMs ?? 60_000).unref();
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
  async count(): Promise<void> {
    const counting = this.#count();
    this.#track(counting.then(() => {}));
    await counting;
  }

  /**
   * Once everything written so far is committed (or has failed) and counted, closes its connection.
   * It counts a few times at most: what is left (a backlog, or what re-segmentation or a failure
   * kept a count from) goes to the next count of any replica.
   */
  async close(): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#countTimer);
    clearInterval(this.#sweepTimer);
    while (this.#writing.size > 0) await Promise.all(this.#writing);
    for (let counts = 0; counts < maxCountsAtClose && this.#uncounted; counts++) {
      if (!(await this.#count())?.more) break;
    }
    await this.#pipeline.end();
  }

  /** Sends what waits, if the pipeline has room for it; called on each write and each commit. */
  #send(): void {
    while (this.#queue.length > 0 && this.#hasRoom()) this.#track(this.#write(this.#takeBatch()));
  }

  #track(transaction: Promise<void>): void {
    const writing: Promise<void> = transaction.finally(() => {
      this.#writing.delete(writing);
      this.#send();
    });
    this.#writing.add(writing);
  }

  /** Sends a count once `countIntervalMs` has passed since the last one was sent (at once: `delayMs` 0). */
  #countLater(delayMs = Math.max(0, this.#lastCountAt + this.#countIntervalMs - performance.now())): void {
    this.#uncounted = true;
    if (this.#closing || this.#countTimer || this.#counting) return;
    this.#countTimer = setTimeout(() => {
      this.#countTimer = undefined;
      this.#track(this.#count().then(() => {}));
    }, delayMs).unref();
  }

  /**
   * Counts what was stored, and what is left after it: at once if the count was full, after the
   * interval if re-segmentation held the lock or the count failed.
   */
  async #count(): Promise<Count | undefined> {
    this.#counting = true;
    this.#uncounted = false;
    this.#lastCountAt = performance.now();
    let count: Count | undefined;
    try {
      count = await countStoredAlerts(this.#pipeline, this.#countLimits);
      if (count.tenantIds.length > 0) this.#onCounted(count.tenantIds);
    } catch (error) {
      console.error("Counting stored alerts failed; the next count takes them:", error);
    } finally {
      this.#counting = false;
    }
    if (count?.more) this.#countLater(0);
    else if (!count?.held || this.#uncounted) this.#countLater();
    return count;
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
      if (inserted.size > 0) this.#countLater();
      this.#onStored(alerts.filter((a) => inserted.has(a.dedupKey)));
      // Each inserted key is credited to its first claimant: the same alert delivered twice in
      // one batch is one acceptance and one duplicate.
      for (const pending of batch) pending.resolve(pending.alerts.map((a) => inserted.delete(a.dedupKey)));
    } catch (error) {
      // it may have committed before the connection dropped
      this.#countLater();
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
