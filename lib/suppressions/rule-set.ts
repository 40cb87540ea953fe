import { compileMatchers, ruleNamesOf, type CompiledMatcher, type MatchableAlert, type Matcher } from "@/lib/suppressions/matcher";

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
 * The active rules, indexed by the Falco rule they name (most do), so an alert is checked against
 * the few rules that can match it rather than all of them.
 */
export class RuleSet {
  readonly #byFalcoRule = new Map<string, CompiledRule[]>();
  readonly #forAnyRule: CompiledRule[] = [];
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
      const names = ruleNamesOf(rule.matchers);
      if (!names) this.#forAnyRule.push(compiled);
      for (const name of names ?? []) {
        const list = this.#byFalcoRule.get(name) ?? [];
        list.push(compiled);
        this.#byFalcoRule.set(name, list);
      }
    }
    this.size = rules.length;
  }

  verdict(alert: MatchableAlert, tenantId: string | null, now = Date.now()): Verdict {
    const named = this.#byFalcoRule.get(alert.rule);
    if (!named && this.#forAnyRule.length === 0) return noVerdict;
    let suppressor: CompiledRule | null = null;
    const shadowedBy: string[] = [];
    for (const candidates of [named ?? [], this.#forAnyRule]) {
      for (const rule of candidates) {
        if (now < rule.startsAt || now >= rule.endsAt) continue;
        if (rule.tenantIds && (tenantId === null || !rule.tenantIds.has(tenantId))) continue;
        if (rule.isEnforcing && suppressor && rule.age > suppressor.age) continue;
        if (!rule.matches(alert)) continue;
        if (rule.isEnforcing) suppressor = rule;
        else shadowedBy.push(rule.id);
      }
    }
    return suppressor === null && shadowedBy.length === 0 ? noVerdict : { suppressedBy: suppressor?.id ?? null, shadowedBy };
  }
}
