/*
 * Alert fields arrive exactly as Falco sent them, 19-digit integers (evt.time) included; a plain
 * JSON.parse would round those to the nearest double. Where the browser can (JSON.parse source text
 * access and JSON.rawJSON), an integer beyond 2^53 is kept as its own digits; elsewhere it is rounded.
 */

interface RawJsonValue {
  readonly rawJSON: string;
}

const exactJson = JSON as JSON & {
  rawJSON?: (text: string) => RawJsonValue;
  isRawJSON?: (value: unknown) => value is RawJsonValue;
};

/** JSON.parse, keeping integers beyond 2^53 exact where the browser allows. */
export function parseExactJson(text: string): unknown {
  const { rawJSON } = exactJson;
  if (!rawJSON) return JSON.parse(text);
  return JSON.parse(text, (_key: string, value: unknown, context?: { source?: string }) =>
    typeof value === "number" && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source) ? rawJSON(context.source) : value,
  );
}

/** A field's value as text: a string as it is, anything else as its JSON. */
export function showJsonValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (exactJson.isRawJSON?.(value)) return value.rawJSON;
  return JSON.stringify(value) ?? String(value);
}

/** Indented JSON, big integers as their own digits. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
