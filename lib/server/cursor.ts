import { z } from "zod";

/*
 * Keyset pagination: a cursor holds the sort key and id of a page's last row, as opaque base64url
 * JSON; the next page starts strictly after it. Times travel as text with all six fractional
 * digits, so a cursor never rounds a row's time and skips or repeats its neighbours.
 */

/** A bigint id or count: what PostgreSQL would refuse is no cursor. */
export const cursorId = z.string().refine((text) => /^\d{1,19}$/.test(text) && BigInt(text) <= 9_223_372_036_854_775_807n);
/** A UTC time with six fractional digits, and a real one: no 13th month, no year 0. */
export const cursorTime = z
  .string()
  .regex(/^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
  .refine((text) => {
    const date = new Date(`${text.slice(0, 19)}Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text.slice(0, 19));
  });

export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The cursor's value, or null for text that is not one of `schema`'s. */
export function decodeCursor<T>(text: string, schema: z.ZodType<T>): T | null {
  try {
    const result = schema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
