import type { Sql } from "@/lib/db/sql";
import type { Scope } from "@/lib/db/scoped-db";

/*
 * Live views learn that alerts arrived through PostgreSQL's LISTEN/NOTIFY, so every replica hears
 * what any replica stored. A notification is a hint, sent after commit: which tenants received
 * alerts. Views then fetch what is new themselves, through the scoped API.
 */

const channel = "falconry_alerts";
/** PostgreSQL caps a payload at 8000 bytes: more tenants than fit go in several notifications. */
const maxPayloadBytes = 7_000;

/** Tenant ids that received alerts ("" for unassigned and host-level ones), or null for "some". */
export type ArrivedTenants = string[] | null;

/** Coalesces stored alerts into at most one notification per interval on this replica. */
export class ArrivalNotifier {
  readonly #tenants = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly intervalMs = 250,
  ) {}

  record(tenantIds: ReadonlyArray<string | null>): void {
    for (const id of tenantIds) this.#tenants.add(id ?? "");
    this.#timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#tenants.size === 0) return;
    const payloads = arrivalPayloads([...this.#tenants]);
    this.#tenants.clear();
    await this.sql`SELECT pg_notify(${channel}, payload) FROM unnest(${payloads}::text[]) AS payload`.catch((error: Error) =>
      console.error(`Could not announce new alerts: ${error.message}`),
    );
  }
}

/**
 * The tenants as JSON arrays of at most `maxBytes` each: one notification naming every tenant
 * would not fit past about 179 of them, and one naming none would tell every tenant's people.
 */
export function arrivalPayloads(tenantIds: readonly string[], maxBytes = maxPayloadBytes): string[] {
  const payloads: string[] = [];
  let chunk: string[] = [];
  let bytes = 2; // the brackets
  for (const id of tenantIds) {
    const idBytes = Buffer.byteLength(JSON.stringify(id)) + 1; // and its comma
    if (chunk.length > 0 && bytes + idBytes > maxBytes) {
      payloads.push(JSON.stringify(chunk));
      chunk = [];
      bytes = 2;
    }
    chunk.push(id);
    bytes += idBytes;
  }
  if (chunk.length > 0) payloads.push(JSON.stringify(chunk));
  return payloads;
}

/** Whether an arrival concerns someone with this scope (unassigned and host-level ones: "all" only). */
export function concerns(arrived: ArrivedTenants, scope: Scope): boolean {
  if (scope === "all" || arrived === null) return true;
  return arrived.some((id) => id !== "" && scope.includes(id));
}

type Listener = (arrived: ArrivedTenants) => void;

/** One LISTEN per process, however many live views follow it. */
export class ArrivalFeed {
  readonly #listeners = new Set<Listener>();
  #listening: Promise<unknown> | undefined;

  constructor(private readonly sql: Sql) {}

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    this.#listening ??= this.sql.listen(channel, (payload) => this.#dispatch(payload)).catch((error: Error) => {
      // The next subscriber tries again; postgres.js itself re-listens after a lost connection.
      console.error(`Could not follow new alerts: ${error.message}`);
      this.#listening = undefined;
    });
    return () => void this.#listeners.delete(listener);
  }

  #dispatch(payload: string): void {
    let arrived: ArrivedTenants = null;
    try {
      const parsed: unknown = JSON.parse(payload);
      if (Array.isArray(parsed) && parsed.every((id) => typeof id === "string")) arrived = parsed;
    } catch {
      arrived = null;
    }
    for (const listener of this.#listeners) listener(arrived);
  }
}
