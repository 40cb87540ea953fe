import type { Sql } from "@/lib/db/sql";
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
  /** Transactions in flight at once: while one commits, the next is already being sent. */
  concurrency?: number;
  /**
   * Alerts that must be waiting before a transaction starts beside one already running. The second
   * one queues behind the first's group locks, so a small one would only take requests away from
   * the next group commit (with 64 single-alert senders: batches of one, each waiting 10 ms).
   */
  minAlertsForAnotherWriter?: number;
  /** Told of the alerts each transaction stored, once it has committed (duplicates left out). */
  onStored?: (alerts: PreparedAlert[]) => void;
}

const deadlockDetected = "40P01";
const maxAttempts = 3;

/**
 * Group commit: requests that arrive while transactions are committing wait and are written
 * together by the next one, so concurrent senders share one WAL flush instead of paying one each.
 * A lone request is written at once; a second transaction starts beside a running one only for a
 * large enough backlog. `write` resolves only after the transaction holding its alerts has
 * committed; if it fails, every request in it fails and none of their alerts is stored. A
 * transaction PostgreSQL aborts to break a deadlock with another writer is run again.
 */
export class AlertWriter {
  readonly #queue: Pending[] = [];
  #queuedAlerts = 0;
  #activeWriters = 0;
  readonly #writing = new Set<Promise<void>>();
  readonly #maxBatchAlerts: number;
  readonly #maxQueuedAlerts: number;
  readonly #concurrency: number;
  readonly #minAlertsForAnotherWriter: number;
  readonly #onStored: (alerts: PreparedAlert[]) => void;

  constructor(
    private readonly sql: Sql,
    options: AlertWriterOptions = {},
  ) {
    this.#maxBatchAlerts = options.maxBatchAlerts ?? 5_000;
    this.#maxQueuedAlerts = options.maxQueuedAlerts ?? 200_000;
    this.#concurrency = options.concurrency ?? 2;
    this.#minAlertsForAnotherWriter = options.minAlertsForAnotherWriter ?? 256;
    this.#onStored = options.onStored ?? (() => {});
  }

  /** Stores the alerts; resolves, per alert, whether it is new (false: already stored). */
  write(alerts: PreparedAlert[]): Promise<boolean[]> {
    if (this.#queuedAlerts + alerts.length > this.#maxQueuedAlerts) {
      return Promise.reject(new AppError("unavailable", "ingest is saturated: the database is not keeping up"));
    }
    const done = new Promise<boolean[]>((resolve, reject) => this.#queue.push({ alerts, resolve, reject }));
    this.#queuedAlerts += alerts.length;
    const isWorthAnotherWriter = this.#activeWriters === 0 || this.#queuedAlerts >= this.#minAlertsForAnotherWriter;
    if (this.#activeWriters < this.#concurrency && isWorthAnotherWriter) {
      this.#activeWriters++;
      const writing: Promise<void> = this.#writeQueued().finally(() => this.#writing.delete(writing));
      this.#writing.add(writing);
    }
    return done;
  }

  /** Resolves once everything written so far is committed (or has failed). */
  async settle(): Promise<void> {
    await Promise.all(this.#writing);
  }

  async #writeQueued(): Promise<void> {
    // A writer stops counting as active in the same synchronous step that finds the queue empty,
    // so a write() can never queue behind a loop that has already ended.
    while (this.#queue.length > 0) {
      const batch = this.#takeBatch();
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
    this.#activeWriters--;
  }

  async #store(alerts: PreparedAlert[]): Promise<Set<string>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await storeAlerts(this.sql, alerts);
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
    return batch;
  }
}
