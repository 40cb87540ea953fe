import { z } from "zod";
import { listAlertsQuerySchema } from "@/lib/alerts/alert-filters";
import { positionAfter, readAlertPage, resolveAlertFilter, type AlertRowShown } from "@/lib/alerts/alert-query";
import type { Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { cursorId, cursorTime, decodeCursor, encodeCursor } from "@/lib/server/cursor";
import { RawJson } from "@/lib/server/raw-json";

/* Newest first: a cursor holds the event time (microseconds) and id of a page's last alert. */
const cursorSchema = z.strictObject({ time: cursorTime, id: cursorId });

/** An alert as the API shows it: its fields exactly as they arrived. */
export function showAlert({ sortTime: _sortTime, outputFields, labels, ...alert }: AlertRowShown) {
  return { ...alert, outputFields: new RawJson(outputFields), labels: labels === null ? null : new RawJson(labels) };
}

/** One page of the alerts the caller may see that match the query, newest first, and the next page's cursor. */
export async function listAlerts(caller: Caller, query: unknown) {
  const { limit, cursor, ...filter } = listAlertsQuerySchema.parse(query);
  const after = cursor === undefined ? null : decodeCursor(cursor, cursorSchema);
  if (cursor !== undefined && !after) throw new AppError("invalid_input", "cursor: not a cursor of this list; start again without one");
  const resolved = await resolveAlertFilter(caller, filter);
  const rows = await readAlertPage(caller, resolved, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(positionAfter(last)) : null;
  return { items: page.map(showAlert), nextCursor };
}
