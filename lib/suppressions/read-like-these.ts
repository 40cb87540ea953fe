import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { parseGroupId } from "@/lib/groups/group-filters";
import { scopeCondition } from "@/lib/groups/group-query";
import { likeTheseFields, matchersLikeThese, type GroupSample, type RuleDraft } from "@/lib/suppressions/like-these";

/** "Suppress like these": what the chosen groups have in common, or why they could not be read. */
export type LikeThese = { groups: number; draft: RuleDraft } | { error: string };

/** The rule to start from for these groups; a group the caller may not see is one that does not exist. */
export async function readLikeThese(caller: Caller, idTexts: readonly string[]): Promise<LikeThese> {
  try {
    const samples = await readGroupSamples(caller, idTexts);
    return { groups: samples.length, draft: matchersLikeThese(samples) };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return { error: error.message };
    throw error;
  }
}

/**
 * The groups, in the order given, in one query: each with the namespace and the `likeTheseFields`
 * of its newest alert, as text (integers keep their digits; an array is no one value, so none).
 */
export async function readGroupSamples(caller: Caller, idTexts: readonly string[]): Promise<GroupSample[]> {
  const missing = idTexts.find((idText) => parseGroupId(idText) === null);
  if (missing !== undefined) throw noGroup(missing);
  const fields = Prisma.join(
    likeTheseFields.map(
      (field) => Prisma.sql`${field}::text, CASE WHEN jsonb_typeof(a.output_fields -> ${field}::text) <> 'array' THEN a.output_fields ->> ${field}::text END`,
    ),
  );
  const rows = await scopedTransaction(getDb(), caller.scope, (tx) =>
    tx.$queryRaw<Array<GroupSample & { id: string }>>`
      SELECT g.id::text AS id, g.rule, t.slug AS tenant, newest.namespace, g.identity, newest.fields AS "outputFields"
      FROM alert_groups g
      LEFT JOIN tenants t ON t.id = g.tenant_id
      LEFT JOIN LATERAL (
        SELECT a.namespace, jsonb_build_object(${fields}) AS fields
        FROM alerts a WHERE a.group_id = g.id ORDER BY a.time DESC, a.id DESC LIMIT 1
      ) newest ON true
      WHERE g.id = ANY(${idTexts}::bigint[]) AND ${scopeCondition(caller)}`,
  );
  const byId = new Map(rows.map(({ id, ...sample }) => [id, sample]));
  return idTexts.map((idText) => {
    const sample = byId.get(idText);
    if (!sample) throw noGroup(idText);
    return sample;
  });
}

function noGroup(idText: string): AppError {
  return new AppError("not_found", `groups: no group "${idText}"`);
}
