import type { Sql } from "@/lib/db/sql";

/**
 * Counts rule hits of stored alerts in memory and adds them to the rules about once a second, in
 * a transaction of their own: updating a rule's row inside every ingest transaction would make
 * all writers whose alerts hit that rule wait for each other.
 */
export class HitCounter {
  readonly #hits = new Map<string, { count: number; last: Date }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly intervalMs = 1_000,
  ) {}

  record(ruleIds: Iterable<string>): void {
    const now = new Date();
    for (const id of ruleIds) {
      const hit = this.#hits.get(id);
      if (hit) {
        hit.count++;
        hit.last = now;
      } else this.#hits.set(id, { count: 1, last: now });
    }
    if (this.#hits.size > 0) this.#timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#hits.size === 0) return;
    const hits = JSON.stringify([...this.#hits].map(([id, hit]) => ({ id, count: hit.count, last: hit.last.toISOString() })));
    this.#hits.clear();
    // Rows locked in id order by every replica: two flushes never wait on each other in a cycle.
    await this.sql`
      WITH h AS (SELECT * FROM json_to_recordset((${hits}::text)::json) AS h(id bigint, count bigint, last timestamptz)),
      locked AS (SELECT r.id FROM suppression_rules r WHERE r.id IN (SELECT id FROM h) ORDER BY r.id FOR UPDATE)
      UPDATE suppression_rules r SET hit_count = r.hit_count + h.count,
        last_matched_at = greatest(r.last_matched_at, h.last)
      FROM h JOIN locked USING (id)
      WHERE r.id = h.id`.catch((error: Error) => console.error(`Could not count suppression rule hits: ${error.message}`));
  }
}
