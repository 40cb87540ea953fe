/*
 * JSON parsing that keeps integers beyond 2^53 exact. Falco's `evt.time` is a 64-bit count of
 * nanoseconds that JSON.parse would round. Before parsing, every such integer outside a string is
 * quoted with a marker (NUL plus a per-process secret, so no sender can forge one); `stringifyExact`
 * turns markers back into bare digits, which PostgreSQL's jsonb stores exactly. This costs about
 * twice a plain JSON.parse, where lossless-json costs twenty times.
 */

// Web Crypto, which Node and browsers share: the suppression form's code imports this module too,
// and node:crypto would bring a polyfill of it into the browser's bundle.
const secret = Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) => byte.toString(16).padStart(2, "0")).join("");
const markerPrefix = `\u0000${secret}:`;
const markerInJson = new RegExp(`"\\\\u0000${secret}:(-?\\d+)"`, "g");
const longDigitRun = /-?\d{16,}/g;

/** JSON.parse, with unsafe integers kept as marked strings (see `bigIntegerText`). */
export function parseExact(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

/** JSON.stringify, writing integers kept by `parseExact` back as bare digits. */
export function stringifyExact(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes("\\u0000") ? json.replace(markerInJson, "$1") : json;
}

/** The digits of an integer kept by `parseExact`, or undefined for any other value. */
export function bigIntegerText(value: unknown): string | undefined {
  return typeof value === "string" && value.startsWith(markerPrefix)
    ? value.slice(markerPrefix.length)
    : undefined;
}

function quoteUnsafeIntegers(text: string): string {
  longDigitRun.lastIndex = 0;
  let out = "";
  let copied = 0;
  let scanned = 0; // text before this index has been classified as inside or outside strings
  for (let match = longDigitRun.exec(text); match; match = longDigitRun.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    let isInString = false;
    for (let quote = text.indexOf('"', scanned); quote !== -1 && quote < start; quote = text.indexOf('"', scanned)) {
      scanned = closingQuote(text, quote) + 1;
      if (scanned > start) {
        isInString = true;
        break;
      }
    }
    if (isInString) {
      longDigitRun.lastIndex = scanned;
      continue;
    }
    const before = text[start - 1] ?? "";
    const after = text[end] ?? "";
    // A fraction, an exponent (`1e-12345678901234567`), a leading zero, or digits where a key
    // belongs (`{12345678901234567890: 1}`): JSON forbids the last two, and JSON.parse must go on
    // refusing them.
    const isNotAnInteger = /[\d.eE+]/.test(before) || /[.eE]/.test(after) || /^-?0/.test(match[0]);
    if (isNotAnInteger || isKey(text, end) || Number.isSafeInteger(Number(match[0]))) continue;
    out += `${text.slice(copied, start)}"\\u0000${secret}:${match[0]}"`;
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Whether the next character after `end` that is not white space is a colon. */
function isKey(text: string, end: number): boolean {
  let i = end;
  while (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r") i++;
  return text[i] === ":";
}

function closingQuote(text: string, openingQuote: number): number {
  for (let i = text.indexOf('"', openingQuote + 1); i !== -1; i = text.indexOf('"', i + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
  return text.length;
}
