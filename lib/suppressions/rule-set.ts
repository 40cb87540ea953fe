import { compileMatchers, fieldValues, indexKeyOf, type CompiledMatcher, type MatchableAlert, type Matcher } from "@/lib/suppressions/matcher";

/** A rule as ingest needs it (see lib/suppressions/load-active-rules.ts). */
export interface ActiveRule {
  id: string;
  mode: "enforce" | "shadow";
  /** Null: every tenant, and alerts of no tenant (unassigned namespaces, hosts). */
  tenantIds: string[] | null;
  startsAt: Date | null;
  endsAt: Date | null;
  matchers: Matcher[];
}

export interface Verdict {
  /** The oldest enforcing rule that matched, or null. */
  suppressedBy: string | null;
  /** Shadow rules that matched: counted, nothing else. */
  shadowedBy: string[];
}

interface CompiledRule {
  id: string;
  /** Position by id: the oldest rule first. */
  age: number;
  isEnforcing: boolean;
  tenantIds: Set<string> | null;
  startsAt: number;
  endsAt: number;
  matches: CompiledMatcher;
}

const noVerdict: Verdict = { suppressedBy: null, shadowedBy: [] };

/**
 * The active rules, indexed by a value an alert must have for them to match (the Falco rule they
 * name, for most), so an alert is checked against the few rules that can match it rather than all.
 */
export class RuleSet {
  /** field → value → rules that need it. */
  readonly #index = new Map<string, Map<string, CompiledRule[]>>();
  readonly #unindexed: CompiledRule[] = [];
  readonly size: number;

  constructor(rules: ActiveRule[]) {
    const ordered = rules.toSorted((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    for (const [age, rule] of ordered.entries()) {
      const compiled: CompiledRule = {
        id: rule.id,
        age,
        isEnforcing: rule.mode === "enforce",
        tenantIds: rule.tenantIds && new Set(rule.tenantIds),
        startsAt: rule.startsAt?.getTime() ?? Number.NEGATIVE_INFINITY,
        endsAt: rule.endsAt?.getTime() ?? Number.POSITIVE_INFINITY,
        matches: compileMatchers(rule.matchers),
      };
      const key = indexKeyOf(rule.matchers);
      if (!key) {
        this.#unindexed.push(compiled);
        continue;
      }
      const byValue = this.#index.get(key.field) ?? new Map<string, CompiledRule[]>();
      this.#index.set(key.field, byValue);
      for (const value of new Set(key.values)) byValue.set(value, [...(byValue.get(value) ?? []), compiled]);
    }
    this.size = rules.length;
  }

  verdict(alert: MatchableAlert, tenantId: string | null, now = Date.now()): Verdict {
    let suppressor: CompiledRule | null = null;
    let shadowedBy: string[] | null = null;
    const judge = (rule: CompiledRule) => {
      if (now < rule.startsAt || now >= rule.endsAt) return;
      if (rule.tenantIds && (tenantId === null || !rule.tenantIds.has(tenantId))) return;
      if (rule.isEnforcing && suppressor && rule.age >= suppressor.age) return;
      if (!rule.isEnforcing && shadowedBy?.includes(rule.id)) return; // reached through two values
      if (!rule.matches(alert)) return;
      if (rule.isEnforcing) suppressor = rule;
      else (shadowedBy ??= []).push(rule.id);
    };
    for (const [field, byValue] of this.#index) {
      for (const value of fieldValues(alert, field)) byValue.get(value)?.forEach(judge);
    }
    this.#unindexed.forEach(judge);
    const found = suppressor as CompiledRule | null;
    return found === null && shadowedBy === null ? noVerdict : { suppressedBy: found?.id ?? null, shadowedBy: shadowedBy ?? [] };
  }
}
