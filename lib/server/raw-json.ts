import { randomBytes } from "node:crypto";

/**
 * JSON text stored as it arrived (an alert's `output_fields`): put into an answer as is, since
 * parsing it into numbers would round the 19-digit integers Falco sends (`evt.time`).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify, with each RawJson written as its own text. */
export function stringifyWithRaw(value: unknown): string {
  const raws: string[] = [];
  // A marker no string can hold: JSON escapes NUL, and this nonce is new for every call.
  const marker = `\u0000${randomBytes(8).toString("hex")}:`;
  const text = JSON.stringify(value, (_key, item: unknown) => (item instanceof RawJson ? `${marker}${raws.push(item.text) - 1}` : item));
  const escapedMarker = JSON.stringify(marker).slice(1, -1);
  return text.replace(new RegExp(`"${escapedMarker.replace(/\\/g, "\\\\")}(\\d+)"`, "g"), (_match, index: string) => raws[Number(index)]!);
}
