import { z } from "zod";
import { AppError } from "@/lib/errors";
import { Priority } from "@/lib/generated/prisma/enums.ts";
import type { GroupSort } from "@/lib/groups/group-filters";

/*
 * Keyset pagination: a cursor holds the sort key and id of the last row of a page; the next page
 * starts strictly after it. Times travel as text with all six fractional digits, so a cursor never
 * rounds a row's time and skips or repeats its neighbours.
 */

export type GroupCursor =
  | { sort: "lastSeen"; lastSeen: string; id: string }
  | { sort: "count"; count: string; id: string }
  | { sort: "priority"; priority: string; lastSeen: string; id: string };

const id = z.string().regex(/^\d{1,19}$/);
const time = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
const cursorSchema = z.discriminatedUnion("sort", [
  z.strictObject({ sort: z.literal("lastSeen"), lastSeen: time, id }),
  z.strictObject({ sort: z.literal("count"), count: z.string().regex(/^\d{1,19}$/), id }),
  z.strictObject({ sort: z.literal("priority"), priority: z.enum(Object.values(Priority)), lastSeen: time, id }),
]);

export function encodeGroupCursor(cursor: GroupCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeGroupCursor(text: string, sort: GroupSort): GroupCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || result.data.sort !== sort) {
    throw new AppError("invalid_input", `cursor: not a cursor of this list (sorted by ${sort}); start again without one`);
  }
  return result.data;
}
