import type { Sql } from "@/lib/db/sql";
import { createTenantResolver } from "@/lib/tenants/namespace-patterns";
import { loadTenantPatterns } from "@/lib/tenants/load-tenant-patterns";

type Resolve = (cluster: string, namespace: string) => string | null;

// Namespaces come from senders; the memo is cleared rather than allowed to grow without bound.
const maxMemoEntries = 100_000;

/** The tenant of each (cluster, namespace) for ingest, memoised until a "tenants" config change. */
export class TenantSegmenter {
  #resolve: Resolve = () => null;
  #generation = 0;
  /** The generation of the patterns in use. */
  #applied = 0;
  readonly #memo = new Map<string, string | null>();

  constructor(private readonly sql: Sql) {}

  /**
   * Loads the patterns as they are now. Of reloads that overlap, the patterns of the latest to
   * start win, whichever finishes first; one that fails keeps the patterns in use.
   */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    const resolve = createTenantResolver(await loadTenantPatterns(this.sql));
    if (generation < this.#applied) return; // a later reload's patterns, newer, are in use
    this.#applied = generation;
    this.#memo.clear();
    this.#resolve = resolve;
  }

  tenantOf(cluster: string, namespace: string): string | null {
    const key = `${cluster}\0${namespace}`;
    let tenantId = this.#memo.get(key);
    if (tenantId === undefined) {
      if (this.#memo.size >= maxMemoEntries) this.#memo.clear();
      tenantId = this.#resolve(cluster, namespace);
      this.#memo.set(key, tenantId);
    }
    return tenantId;
  }
}
