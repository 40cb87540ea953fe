import { z } from "zod";
import type { AuditFilter } from "@/lib/audit/audit";

const maxEventId = 2n ** 63n - 1n;

// A filter form submits its empty fields as "": those mean "no filter", not "match nothing".
const blankIsAbsent = (value: unknown) => (value === "" ? undefined : value);

function text(max: number) {
  return z.preprocess(blankIsAbsent, z.string().trim().max(max, `at most ${max} characters`).optional());
}

/** The audit page's URL query: its filters, and where the page starts (keyset, by event id). */
export const auditQuerySchema = z.object({
  actor: text(200),
  action: text(100),
  objectType: text(100),
  before: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^[1-9][0-9]{0,18}$/, "not an event id")
      .transform(BigInt)
      .refine((id) => id <= maxEventId, "not an event id")
      .optional(),
  ),
  limit: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^[0-9]{1,3}$/, "a whole number from 1 to 500")
      .transform(Number)
      .refine((limit) => limit >= 1 && limit <= 500, "a whole number from 1 to 500")
      .optional(),
  ),
});

/** The query string for the same filters, starting at `before`: what the "Older" link points to. */
export function auditQueryString(query: AuditFilter, before?: bigint | null): string {
  const params = new URLSearchParams();
  if (query.actor) params.set("actor", query.actor);
  if (query.action) params.set("action", query.action);
  if (query.objectType) params.set("objectType", query.objectType);
  if (query.limit) params.set("limit", String(query.limit));
  if (before) params.set("before", before.toString());
  return params.toString();
}
