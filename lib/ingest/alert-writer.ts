import type { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { AppError } from "@/lib/errors";
import type { PreparedAlert } from "@/lib/ingest/prepare-alert";
import { storeAlerts } from "@/lib/ingest/store-alerts";

/** Per alert: true if stored now, false if it was already stored, or why PostgreSQL refused it. */
export type WriteResult = boolean | { error: string };

interface Pending {
  alerts: PreparedAlert[];
  /** Characters of the request the alerts came in, which bound the memory they hold. */
  size: number;
  resolve(results: WriteResult[]): void;
  reject(error: unknown): void;
  /** What `write` returned for it: `settled` waits for it. */
  done: Promise<WriteResult[]>;
}

export interface AlertWriterOptions {
  /** Largest batch one transaction writes, in alerts and in characters of the requests. */
  maxBatchAlerts?: number;
  maxBatchSize?: number;
  /** Alerts (or characters of requests) waiting beyond this are refused with 503 rather than held in memory. */
  maxQueuedAlerts?: number;
  maxQueuedSize?: number;
  /** Transactions in flight at once on the writer's connection, each queued behind the one before. */
  maxInFlight?: number;
  /** Told of the alerts each transaction stored, once it has committed (duplicates left out). */
  onStored?: (alerts: PreparedAlert[]) => void;
}

const deadlockDetected = "40P01";
const maxAttempts = 3;
const mebi = 1024 * 1024;

/**
 * Group commit: requests that arrive while a transaction is committing wait and are written
 * together by the next one, so concurrent senders share one WAL flush instead of paying one each.
 * A lone request is written at once. Transactions go through one connection (TransactionPipeline),
 * and the next is sent before the running one has answered once enough alerts wait for it, so the
 * database goes from one to the next without waiting for this process. `write` resolves only after
 * the transaction holding its alerts has committed; if it fails, every request in it fails and
 * none of their alerts is stored. A transaction PostgreSQL aborts to break a deadlock (with another
 * replica's writer, or a re-segmentation) is run again. One that fails on a value PostgreSQL cannot
 * hold is split until the alert holding it is found: that alert alone is refused. (Should a part of
 * a split batch then fail otherwise, the parts committed before it stay: its requests fail, and
 * their alerts sent again count as duplicates.)
 */
export class AlertWriter {
  readonly #queue: Pending[] = [];
  #queuedAlerts = 0;
  #queuedSize = 0;
  readonly #writing = new Set<Promise<void>>();
  readonly #pipeline: TransactionPipeline;
  readonly #maxBatchAlerts: number;
  readonly #maxBatchSize: number;
  readonly #maxQueuedAlerts: number;
  readonly #maxQueuedSize: number;
  readonly #maxInFlight: number;
  /** Alerts in the transaction sent last. */
  #lastBatchAlerts = 0;
  #isClosed = false;
  readonly #onStored: (alerts: PreparedAlert[]) => void;

  /** `pipeline` is the writer's own: `close` ends it. */
  constructor(pipeline: TransactionPipeline, options: AlertWriterOptions = {}) {
    this.#pipeline = pipeline;
    this.#maxBatchAlerts = options.maxBatchAlerts ?? 5_000;
    // A batch travels as one JSON text, and V8's strings end at 512 MiB.
    this.#maxBatchSize = options.maxBatchSize ?? 32 * mebi;
    this.#maxQueuedAlerts = options.maxQueuedAlerts ?? 200_000;
    this.#maxQueuedSize = options.maxQueuedSize ?? 256 * mebi;
    this.#maxInFlight = options.maxInFlight ?? 2;
    this.#onStored = options.onStored ?? (() => {});
  }

  /**
   * Stores the alerts of one request of `size` characters; resolves, per alert, whether it is new,
   * already stored, or refused by PostgreSQL.
   */
  write(alerts: PreparedAlert[], size = 0): Promise<WriteResult[]> {
    // its connection is ending: a transaction now would open another one
    if (this.#isClosed) return Promise.reject(new AppError("unavailable", "ingest is stopping: send the alerts again once Falconry is back"));
    if (this.#queuedAlerts + alerts.length > this.#maxQueuedAlerts || this.#queuedSize + size > this.#maxQueuedSize) {
      return Promise.reject(new AppError("unavailable", "ingest is saturated: the database is not keeping up"));
    }
    let resolve!: Pending["resolve"];
    let reject!: Pending["reject"];
    const done = new Promise<WriteResult[]>((...settle) => ([resolve, reject] = settle));
    this.#queue.push({ alerts, size, resolve, reject, done });
    this.#queuedAlerts += alerts.length;
    this.#queuedSize += size;
    this.#send();
    return done;
  }

  /**
   * Settles once every alert written before the call is committed or has failed: what waits in the
   * queue, and what is being written.
   */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#queue.map((pending) => pending.done), ...this.#writing]);
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
      const results = await this.#storeSplitting(batch.flatMap((p) => p.alerts));
      let start = 0;
      for (const pending of batch) pending.resolve(results.slice(start, (start += pending.alerts.length)));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  /**
   * Stores the alerts in one transaction. Should PostgreSQL refuse a value in one of them (a value
   * validation let through), it stores each half in a transaction of its own, and so on down to
   * the refused alerts: one sender's alert must not cost the others theirs.
   */
  async #storeSplitting(alerts: PreparedAlert[]): Promise<WriteResult[]> {
    let inserted: Set<string>;
    try {
      inserted = await this.#store(alerts);
    } catch (error) {
      if (!isRefusedValue(error)) throw error;
      if (alerts.length === 1) {
        console.error(`Ingest: PostgreSQL refused an alert of rule ${JSON.stringify(alerts[0]!.row.rule)}: ${error.message}`);
        return [{ error: `alert: the database cannot store it (${error.message})` }];
      }
      const half = Math.ceil(alerts.length / 2);
      return [...(await this.#storeSplitting(alerts.slice(0, half))), ...(await this.#storeSplitting(alerts.slice(half)))];
    }
    this.#onStored(alerts.filter((a) => inserted.has(a.dedupKey)));
    // Each inserted key is credited to its first claimant: the same alert delivered twice in one
    // batch is one acceptance and one duplicate.
    return alerts.map((a) => inserted.delete(a.dedupKey));
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
    let alerts = 0;
    let size = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0]!;
      const isFull = alerts + next.alerts.length > this.#maxBatchAlerts || size + next.size > this.#maxBatchSize;
      if (batch.length > 0 && isFull) break;
      batch.push(this.#queue.shift()!);
      alerts += next.alerts.length;
      size += next.size;
    }
    this.#queuedAlerts -= alerts;
    this.#queuedSize -= size;
    this.#lastBatchAlerts = alerts;
    return batch;
  }
}

/** A data exception (SQLSTATE class 22) or a program limit (54: an index entry too large, say). */
function isRefusedValue(error: unknown): error is Error {
  const code = (error as { code?: unknown }).code;
  return error instanceof Error && typeof code === "string" && (code.startsWith("22") || code.startsWith("54"));
}
