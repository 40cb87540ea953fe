import { z } from "zod";
import { AppError } from "@/lib/errors";
import { Priority } from "@/lib/generated/prisma/enums.ts";
import type { GroupSort } from "@/lib/groups/group-filters";
import { cursorId, cursorTime, decodeCursor, encodeCursor } from "@/lib/server/cursor";

/* The group list's cursors (lib/server/cursor.ts), one shape per sort. */

export type GroupCursor =
  | { sort: "lastSeen"; lastSeen: string; id: string }
  | { sort: "count"; count: string; id: string }
  | { sort: "priority"; priority: string; lastSeen: string; id: string };

// A count is a bigint as digits, like an id.
const cursorSchema = z.discriminatedUnion("sort", [
  z.strictObject({ sort: z.literal("lastSeen"), lastSeen: cursorTime, id: cursorId }),
  z.strictObject({ sort: z.literal("count"), count: cursorId, id: cursorId }),
  z.strictObject({ sort: z.literal("priority"), priority: z.enum(Object.values(Priority)), lastSeen: cursorTime, id: cursorId }),
]);

export function encodeGroupCursor(cursor: GroupCursor): string {
  return encodeCursor(cursor);
}

export function decodeGroupCursor(text: string, sort: GroupSort): GroupCursor {
  const cursor = decodeCursor(text, cursorSchema);
  if (!cursor || cursor.sort !== sort) {
    throw new AppError("invalid_input", `cursor: not a cursor of this list (sorted by ${sort}); start again without one`);
  }
  return cursor;
}
