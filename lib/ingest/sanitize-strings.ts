import { bigIntegerText } from "@/lib/ingest/exact-json";

/*
 * PostgreSQL text and jsonb cannot hold NUL or unpaired UTF-16 surrogates, both of which a JSON
 * body can carry as escapes. One such string would fail a whole group-commit batch, so every string
 * and key of an incoming record is repaired in place first: NUL and lone surrogates become U+FFFD.
 */

export function sanitizeStrings(value: unknown): unknown {
  if (typeof value === "string") return sanitizeString(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = sanitizeStrings(value[i]);
    return value;
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      const cleanValue = sanitizeStrings(value);
      const cleanKey = sanitizeString(key);
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
