import { audit } from "@/lib/audit/audit";
import { actorOf, type Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/prisma";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { publicUrl, readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { falcoRuleNamesOf, falcoRulesFile } from "@/lib/suppressions/falco-export";
import { matchersSchema } from "@/lib/suppressions/matcher";
import { ruleIdPattern } from "@/lib/suppressions/suppression-schemas";

/** `ids`: a comma-separated list of rule ids the caller can see; the Falco rules file for them. */
export async function exportSuppressionsToFalco(caller: Caller | null, ids: string | null): Promise<string> {
  const reader = requirePermission(caller, "read");
  const wanted = (ids ?? "").split(",").map((id) => id.trim()).filter(Boolean);
  if (wanted.length === 0) throw new AppError("invalid_input", "ids: name at least one rule, as ids=1,2");
  if (wanted.length > 500) throw new AppError("invalid_input", "ids: at most 500 rules");
  const bad = wanted.find((id) => !ruleIdPattern.test(id));
  if (bad) throw new AppError("invalid_input", `ids: "${bad}" is not a rule id`);
  const { exportable, sources } = await scopedTransaction(getDb(), reader.scope, async (tx) => {
    const rules = await tx.suppressionRule.findMany({ where: { id: { in: wanted.map(BigInt) } }, orderBy: { id: "asc" } });
    const missing = wanted.find((id) => !rules.some((rule) => rule.id.toString() === id));
    if (missing) throw new AppError("not_found", `ids: no rule "${missing}"`);
    const exportable = rules.map((rule) => ({
      id: rule.id.toString(),
      version: rule.version,
      comment: rule.comment,
      matchers: matchersSchema.parse(rule.matchers),
      isTenantScoped: !rule.allTenants,
      mode: rule.mode,
      startsAt: rule.startsAt,
      endsAt: rule.endsAt,
    }));
    return { exportable, sources: await sourcesOfRules(tx, exportable.flatMap((rule) => falcoRuleNamesOf(rule.matchers))) };
  });
  await audit(getDb(), actorOf(reader), { action: "suppressions.export-falco", objectType: "suppression", after: { ids: wanted } });
  const base = publicUrl(readEnv());
  return falcoRulesFile(exportable, (id) => `${base}/suppressions/${id}`, { sourceOf: (name) => sources.get(name) });
}

/** The source of each Falco rule, as the caller's stored groups of it say (one row per rule read). */
async function sourcesOfRules(tx: Tx, names: string[]): Promise<Map<string, string>> {
  const rows = await tx.$queryRaw<Array<{ rule: string; source: string }>>`
    SELECT DISTINCT ON (rule) rule, source FROM alert_groups WHERE rule = ANY(${[...new Set(names)]}::text[]) ORDER BY rule`;
  return new Map(rows.map((row) => [row.rule, row.source]));
}
