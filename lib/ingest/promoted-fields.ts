import type { OutputFieldScalar, OutputFields } from "@/lib/ingest/alert-schema";
import { bigIntegerText } from "@/lib/ingest/exact-json";

/*
 * The output fields ingest copies into indexed columns of `alerts`, for filters and suppression
 * previews. A promoted field's value is one text: a string of up to 1,000 characters and 2,000
 * bytes of UTF-8 (a btree index entry cannot exceed about 2.7 kB, and 1,000 CJK characters take
 * 3,000), or a number or boolean as written; anything else (a longer string, a list) promotes to
 * nothing. Suppression matchers read promoted fields the same way, so a
 * preview counts them in SQL exactly as ingest matches them.
 */

export const promotedColumns = {
  "proc.name": "proc_name",
  "proc.exepath": "proc_exepath",
  "container.image.repository": "container_image",
  "k8s.pod.name": "pod_name",
  "ka.user.name": "ka_user_name",
} as const;
export type PromotedField = keyof typeof promotedColumns;

export const maxPromotedLength = 1000;
const maxPromotedBytes = 2000;

export function isPromotedField(field: string): field is PromotedField {
  return Object.hasOwn(promotedColumns, field);
}

/** One output field value as text, as matchers compare it; null for null and Falco's `<NA>`. */
export function scalarText(value: OutputFieldScalar): string | null {
  if (value === null || value === "<NA>") return null;
  return bigIntegerText(value) ?? String(value);
}

export function promotedValue(fields: OutputFields, field: PromotedField): string | null {
  const value = fields[field];
  if (value === undefined || Array.isArray(value)) return null;
  const text = scalarText(value);
  return text !== null && fitsAnIndex(text) ? text : null;
}

function fitsAnIndex(text: string): boolean {
  // A UTF-16 unit takes at most 3 bytes of UTF-8: most values need no counting.
  if (text.length * 3 <= maxPromotedBytes) return true;
  return text.length <= maxPromotedLength && Buffer.byteLength(text) <= maxPromotedBytes;
}
