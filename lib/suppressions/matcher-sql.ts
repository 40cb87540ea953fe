import { Prisma } from "@/lib/generated/prisma/client.ts";
import { promotedColumns } from "@/lib/ingest/promoted-fields";
import type { Matcher } from "@/lib/suppressions/matcher";

/*
 * Matchers as conditions on `alerts a`, for previews against stored history. Only those whose SQL
 * means exactly what lib/suppressions/matcher.ts means are translated: fields with a column of
 * their own (promoted fields hold what matchers read, see lib/ingest/promoted-fields.ts) and
 * every operator but the regex ones. The rest must be checked on each candidate row in JS.
 */

export interface MatcherSql {
  /** Conditions that together mean exactly the translated matchers. */
  conditions: Prisma.Sql[];
  /** Matchers left to check in JS. */
  remaining: Matcher[];
}

const scalarColumns: Record<string, string> = {
  rule: "a.rule",
  priority: "a.priority::text",
  source: "a.source",
  hostname: "a.hostname",
  namespace: "a.namespace",
  ...Object.fromEntries(Object.entries(promotedColumns).map(([field, column]) => [field, `a.${column}`])),
};

/** The columns of `alerts` the conditions read. */
export const matchedColumns = ["rule", "priority", "source", "hostname", "namespace", "cluster_id", "tags", ...Object.values(promotedColumns)];

export function matchersToSql(matchers: Matcher[]): MatcherSql {
  const conditions: Prisma.Sql[] = [];
  const remaining: Matcher[] = [];
  for (const matcher of matchers) {
    const condition = conditionOf(matcher);
    if (condition) conditions.push(condition);
    else remaining.push(matcher);
  }
  return { conditions, remaining };
}

function conditionOf({ field, op, value }: Matcher): Prisma.Sql | null {
  if (op === "=~" || op === "!~") return null;
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (field === "tags") {
    const any = Prisma.sql`a.tags && ${values}::text[]`;
    switch (op) {
      case "exists":
        return Prisma.sql`cardinality(a.tags) > 0`;
      case "not exists":
        return Prisma.sql`cardinality(a.tags) = 0`;
      case "=":
      case "in":
        return any;
      case "!=":
      case "not in":
        return Prisma.sql`NOT (${any})`;
    }
  }
  const column = field === "cluster" ? null : scalarColumns[field];
  if (field !== "cluster" && !column) return null;
  // A missing value (no namespace, nothing promoted) matches only the negative operators.
  const isIn =
    field === "cluster"
      ? Prisma.sql`a.cluster_id IN (SELECT c.id FROM clusters c WHERE c.name = ANY(${values}::text[]))`
      : Prisma.sql`${Prisma.raw(column!)} = ANY(${values}::text[])`;
  const isPresent = field === "cluster" ? Prisma.sql`true` : Prisma.sql`${Prisma.raw(column!)} IS NOT NULL`;
  switch (op) {
    case "exists":
      return isPresent;
    case "not exists":
      return Prisma.sql`NOT (${isPresent})`;
    case "=":
    case "in":
      return isIn;
    case "!=":
    case "not in":
      return Prisma.sql`(NOT (${isPresent}) OR NOT (${isIn}))`;
  }
}
