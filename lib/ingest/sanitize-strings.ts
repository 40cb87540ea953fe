import { bigIntegerText } from "@/lib/ingest/exact-json";

/*
 * PostgreSQL text and jsonb cannot hold NUL or unpaired UTF-16 surrogates, both of which a JSON
 * body can carry as escapes. One such string would fail a whole group-commit batch, so every string
 * and key of an incoming record is repaired in place first: NUL and lone surrogates become U+FFFD.
 * The walk also refuses what cannot be repaired: nesting that would exhaust the stack here (and
 * PostgreSQL's), and integers longer than jsonb's numbers hold (which would fail the batch, and
 * have it split down to the one alert, for each one sent).
 */

/** Objects and arrays nested deeper than this in a record are refused. */
export const maxNesting = 64;
/** Integers with more digits are refused: Falco's take at most 20, PostgreSQL's numeric 131,072. */
export const maxIntegerDigits = 100;

/** Thrown by `sanitizeStrings` for a record it cannot store; `key` is the top-level key holding what is wrong. */
export class UnstorableRecord extends Error {
  key = "record";
}

export function sanitizeStrings(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return sanitizeString(value);
  if (depth === maxNesting && value !== null && typeof value === "object") throw new UnstorableRecord(`nested deeper than ${maxNesting} levels`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = sanitizeStrings(value[i], depth + 1);
    return value;
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      const cleanKey = sanitizeString(key);
      let cleanValue: unknown;
      try {
        cleanValue = sanitizeStrings(value, depth + 1);
      } catch (error) {
        if (depth === 0 && error instanceof UnstorableRecord) error.key = cleanKey;
        throw error;
      }
      if (cleanKey !== key) {
        delete record[key];
        Object.defineProperty(record, cleanKey, { value: cleanValue, enumerable: true, writable: true, configurable: true });
      } else if (cleanValue !== value) {
        record[key] = cleanValue;
      }
    }
  }
  return value;
}

function sanitizeString(text: string): string {
  const digits = bigIntegerText(text);
  if (digits !== undefined) {
    if (digits.replace("-", "").length > maxIntegerDigits) throw new UnstorableRecord(`an integer of more than ${maxIntegerDigits} digits`);
    return text;
  }
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes("\u0000") ? wellFormed.replaceAll("\u0000", "\uFFFD") : wellFormed;
}
