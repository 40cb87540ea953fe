import { readFileSync } from "node:fs";
import path from "node:path";

/** A payload from test/fixtures, as the sender would post it. */
export function fixture(name: string): string {
  return readFileSync(path.resolve("test/fixtures", name), "utf8");
}

/** A fixture alert with some of its fields replaced, as JSON text (through JSON.parse, so its `evt.time` is rounded: use `fixture` where exactness matters). */
export function alertLike(name: string, changes: Record<string, unknown>, fieldChanges: Record<string, unknown> = {}): string {
  const alert = JSON.parse(fixture(name)) as Record<string, unknown> & { output_fields: Record<string, unknown> };
  return JSON.stringify({ ...alert, ...changes, output_fields: { ...alert.output_fields, ...fieldChanges } });
}

/**
 * 1,000 CJK characters that do not repeat: 3,000 bytes of UTF-8 that PostgreSQL cannot compress
 * below a btree entry's limit (about 2.7 kB), as a repeated character would be.
 */
export function unindexableText(): string {
  return Array.from({ length: 1000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000))).join("");
}
