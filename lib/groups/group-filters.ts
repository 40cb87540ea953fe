import { z } from "zod";
import type { Priority } from "@/lib/generated/prisma/enums.ts";
import { parsePriority } from "@/lib/ingest/priority";
import { groupStatuses } from "@/lib/triage/transitions";

/*
 * The group list's filters, sort and page, as query parameters (`GET /api/v1/groups`) or as the
 * `filter` of a bulk update: one schema for the API, the UI and bulk actions. No I/O here, so the
 * browser can import it.
 */

/** A group id as PostgreSQL's bigint, or null for text that cannot be one (answered as missing). */
export function parseGroupId(text: string): string | null {
  return /^[1-9]\d{0,18}$/.test(text) && BigInt(text) <= 9_223_372_036_854_775_807n ? text : null;
}

/** A filter's value: the group and alert filters share it. */
export const filterText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(500, "at most 500 characters")
  .refine((text) => !text.includes("\u0000"), "must not contain NUL characters");


/** `a,b` or repeated parameters (`status=a&status=b`) or a JSON array. */
function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) => (typeof value === "string" ? value.split(",") : Array.isArray(value) ? value.flatMap((v) => (typeof v === "string" ? v.split(",") : [v])) : value),
    z.array(item).min(1, "name at least one"),
  );
}

const priority = z.string().transform((value, context): Priority => {
  const parsed = parsePriority(value);
  if (!parsed) {
    context.addIssue({ code: "custom", message: "one of debug, informational, notice, warning, error, critical, alert, emergency" });
    return z.NEVER;
  }
  return parsed;
});

export const suppressedChoices = ["exclude", "include", "only"] as const;

const relativeUnits = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The times PostgreSQL reads in RFC 3339, in UTC: no year 0 or before, none after 9999 (the group
 * list rounds `until` up to the hour, so the last day is left out).
 */
const earliestTime = Date.parse("0001-01-01T00:00:00Z");
const latestTime = Date.parse("9999-12-31T00:00:00Z");

/** An RFC 3339 time (its offset within PostgreSQL's ±15:59), or a time relative to now: `15m`, `24h`, `7d` ago. */
const pointInTime = z.string().transform((value, context): string => {
  const relative = /^(\d{1,6})([mhd])$/.exec(value.trim());
  if (relative) {
    const time = Date.now() - Number(relative[1]) * relativeUnits[relative[2] as keyof typeof relativeUnits];
    if (time >= earliestTime) return new Date(time).toISOString();
    context.addIssue({ code: "custom", message: "a duration ago reaching no further back than the year 0001" });
    return z.NEVER;
  }
  const time = Date.parse(value);
  const message = !z.iso.datetime({ offset: true }).safeParse(value).success
    ? "an RFC 3339 time (2026-11-25T09:00:00Z) or a duration ago (15m, 24h, 7d)"
    : /[+-](1[6-9]|2\d):\d\d$/.test(value)
      ? "a UTC offset within ±15:59"
      : time < earliestTime || time > latestTime
        ? "a time from 0001-01-01T00:00Z to 9999-12-31T00:00Z"
        : null;
  if (!message) return value;
  context.addIssue({ code: "custom", message });
  return z.NEVER;
});

export const groupFilterShape = {
  /** A tenant's slug. */
  tenant: filterText.optional(),
  /** A cluster's name: groups with alerts from it. */
  cluster: filterText.optional(),
  /** Groups with alerts from this namespace. */
  namespace: filterText.optional(),
  /** Groups with alerts from this host. */
  hostname: filterText.optional(),
  /** Groups with alerts carrying all these tags (MITRE techniques and the like). */
  tag: listOf(filterText).optional(),
  /** The group's highest priority, at least this one (or exactly, with `priorityMatch=exactly`). */
  priority: priority.optional(),
  priorityMatch: z.enum(["atLeast", "exactly"]).default("atLeast"),
  rule: filterText.optional(),
  source: filterText.optional(),
  status: listOf(z.enum(groupStatuses, { error: `one of ${groupStatuses.join(", ")}` })).optional(),
  /** `me`, `nobody`, or a person's email. */
  assignee: filterText.optional(),
  /** Free text, case-insensitive, over the rule and the group's identifying fields. */
  q: filterText.optional(),
  /** Last seen at or after; in the list, also the start of each group's `periodCount` and `sparkline`. */
  since: pointInTime
    .optional()
    .describe("Last seen at or after. In the list, also where each group's periodCount and sparkline start, rounded down to the hour (default: 24 hours before until)"),
  /** Last seen before; in the list, also the end of each group's `periodCount` and `sparkline`. */
  until: pointInTime.optional().describe("Last seen before. In the list, also where each group's periodCount and sparkline end, rounded up to the hour (default: now)"),
  /** Groups whose alerts suppression rules all matched are left out unless `include` or `only`. */
  suppressed: z.enum(suppressedChoices, { error: "exclude, include or only" }).default("exclude"),
};

export const groupFilterSchema = z.strictObject(groupFilterShape);
export type GroupFilter = z.output<typeof groupFilterSchema>;

export const groupSorts = ["lastSeen", "count", "priority"] as const;
export type GroupSort = (typeof groupSorts)[number];

export const listGroupsQuerySchema = z.strictObject({
  ...groupFilterShape,
  /** Newest first (default), most alerts first, or highest priority first (then newest). */
  sort: z.enum(groupSorts).default("lastSeen"),
  limit: z.coerce.number().int("a whole number").min(1, "at least 1").max(200, "at most 200").default(50),
  /** The previous page's `nextCursor`. */
  cursor: z.string().max(1000).optional(),
});
export type ListGroupsQuery = z.output<typeof listGroupsQuerySchema>;

/** Query parameters as an object for the schemas: a repeated parameter becomes an array. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    object[key] = values.length === 1 ? values[0]! : values;
  }
  return object;
}
