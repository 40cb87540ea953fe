import { AppError } from "@/lib/errors";
import { parseExact } from "@/lib/ingest/exact-json";
import { parseFalcoAlert, type ParsedAlert } from "@/lib/ingest/alert-schema";
import { sanitizeStrings, UnstorableRecord } from "@/lib/ingest/sanitize-strings";

/*
 * What senders post, detected from the body:
 * - one alert object: Falco's http_output / json_output, Falcosidekick's webhook output;
 * - Falcosidekick-UI's envelope {"event": <alert>, "outputs": [...]};
 * - a JSON array of those: Fluent Bit's `json` format, or any batching sender;
 * - NDJSON, one record a line: Fluent Bit's `json_lines` format;
 * - any record may be a Fluent Bit record whose alert is a JSON string in `log` (Falco's stdout
 *   collected as a container log); its other keys (date, stream, enrichment) become labels.
 */

const notJsonMessage =
  "body: not JSON. Falconry reads Falco's JSON alerts: set `json_output: true` in falco.yaml (or use Falcosidekick)";

/** Splits a body into records, in the order they arrived; a record that fails to parse is an error. */
export function splitRecords(body: string, contentType = ""): Array<{ value: unknown } | { error: string }> {
  const text = body.trim();
  if (text === "") throw new AppError("invalid_input", "body: empty; send one or more Falco alerts as JSON");
  const isNdjson = /ndjson|json-?lines|jsonl/i.test(contentType);
  if (!isNdjson && (text[0] === "[" || text[0] === "{")) {
    const whole = tryParse(text);
    if (whole !== undefined) {
      if (!Array.isArray(whole)) return [{ value: whole }];
      return whole.map((value) => ({ value }));
    }
    if (text[0] === "[") throw new AppError("invalid_input", "body: the JSON array is malformed");
  }
  if (text[0] !== "{") throw new AppError("invalid_input", notJsonMessage);
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const value = tryParse(line);
      if (value !== undefined) return { value };
      // Fluent Bit's json_stream runs its records together on one line
      return { error: /}\s*{/.test(line) ? "record: not valid JSON: records run together on one line; send one a line (Fluent Bit's json_lines) or a JSON array (json)" : "record: not valid JSON" };
    });
}

/** Finds the Falco alert inside one record and validates it. */
export function readRecord(record: unknown): ParsedAlert {
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    return { error: "record: must be a JSON object" };
  }
  const tooDeep = sanitizeOrRefuse(record);
  if (tooDeep) return tooDeep;
  const { event, log, ...beside } = record as Record<string, unknown>;
  if ("rule" in record) return parseFalcoAlert(record);
  if (event !== undefined) return parseFalcoAlert(event, beside, "event");
  if (typeof log === "string") {
    const alert = log.trimStart().startsWith("{") ? tryParse(log) : undefined;
    if (alert === undefined) {
      return {
        error: "log: not a JSON Falco alert; set `json_output: true` in falco.yaml so its log lines are JSON",
      };
    }
    return sanitizeOrRefuse(alert, "log.") ?? parseFalcoAlert(alert, beside, "log");
  }
  return parseFalcoAlert(record);
}

/** Repairs the record's strings in place (see sanitizeStrings); an error for what it cannot store. */
function sanitizeOrRefuse(record: unknown, at = ""): { error: string } | undefined {
  try {
    sanitizeStrings(record);
  } catch (error) {
    if (!(error instanceof UnstorableRecord)) throw error;
    return { error: `${at}${error.key}: ${error.message}` };
  }
}

function tryParse(text: string): unknown {
  try {
    return parseExact(text);
  } catch {
    return undefined;
  }
}
