import type { Sql } from "@/lib/db/sql";
import { matchersSchema, type MatchableAlert } from "@/lib/suppressions/matcher";
import { RuleSet, type ActiveRule, type Verdict } from "@/lib/suppressions/rule-set";

/**
 * The suppression rules ingest applies, kept in memory and reloaded on a "suppressions" config
 * change (every replica, before its next alert).
 */
export class Suppressor {
  #rules = new RuleSet([]);
  #generation = 0;
  /** The generation of the rules in use. */
  #applied = 0;
  #loading: Promise<void> = Promise.resolve();

  constructor(private readonly sql: Sql) {}

  /**
   * Loads the rules as they are now. Of reloads that overlap, the rules of the latest to start
   * win, whichever finishes first; one that fails keeps the rules in use.
   */
  reload(): Promise<void> {
    const generation = ++this.#generation;
    const loading = loadActiveRules(this.sql).then((rules) => {
      if (generation < this.#applied) return; // a later reload's rules, newer, are in use
      this.#applied = generation;
      this.#rules = new RuleSet(rules);
    });
    this.#loading = loading.catch(() => {});
    return loading;
  }

  /**
   * Settles once the latest reload has: ingest waits for it, so an alert that arrives after a
   * change was announced is judged by the changed rules (by a later reload's, should one finish
   * first: those are newer still).
   */
  ready(): Promise<void> {
    return this.#loading;
  }

  verdict(alert: MatchableAlert, tenantId: string | null): Verdict {
    return this.#rules.verdict(alert, tenantId);
  }
}

/** Rules that have not ended, whatever their start: the rule set checks times per alert. */
export async function loadActiveRules(sql: Sql): Promise<ActiveRule[]> {
  const rows = await sql<{ id: string; mode: "enforce" | "shadow"; allTenants: boolean; tenantIds: string[] | null; startsAt: Date | null; endsAt: Date | null; matchers: unknown }[]>`
    SELECT id::text, mode::text, all_tenants AS "allTenants", tenant_ids AS "tenantIds",
      starts_at AS "startsAt", ends_at AS "endsAt", matchers
    FROM suppression_rules WHERE ends_at IS NULL OR ends_at > now()`;
  return rows.flatMap((row) => {
    const matchers = matchersSchema.safeParse(row.matchers);
    if (!matchers.success) {
      console.error(`Suppression rule ${row.id} has matchers this version cannot read; it is not applied.`);
      return [];
    }
    return [{ ...row, tenantIds: row.allTenants ? null : (row.tenantIds ?? []), matchers: matchers.data }];
  });
}
