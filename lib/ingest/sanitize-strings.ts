import { bigIntegerText } from "@/lib/ingest/exact-json";

/*
 * PostgreSQL text and jsonb cannot hold NUL or unpaired UTF-16 surrogates, both of which a JSON
 * body can carry as escapes. One such string would fail a whole group-commit batch, so every string
 * and key of an incoming record is repaired in place first: NUL and lone surrogates become U+FFFD.
 * The walk also bounds nesting, which would otherwise exhaust the stack here (and PostgreSQL's).
 */

/** Objects and arrays nested deeper than this in a record are refused. */
export const maxNesting = 64;

/** Thrown by `sanitizeStrings` for a record nested deeper than `maxNesting`; `key` is the top-level key holding it. */
export class NestedTooDeeply extends Error {
  key = "record";

  constructor() {
    super(`nested deeper than ${maxNesting} levels`);
  }
}

export function sanitizeStrings(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return sanitizeString(value);
  if (depth === maxNesting && value !== null && typeof value === "object") throw new NestedTooDeeply();
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
        if (depth === 0 && error instanceof NestedTooDeeply) error.key = cleanKey;
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
  if (bigIntegerText(text) !== undefined) return text;
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes("\u0000") ? wellFormed.replaceAll("\u0000", "\uFFFD") : wellFormed;
}
