import { z } from "zod";
import type { Priority } from "@/lib/generated/prisma/enums.ts";
import { bigIntegerText } from "@/lib/ingest/exact-json";
import { parseFalcoTime, type FalcoTime } from "@/lib/ingest/falco-time";
import { falcoPriorityNames, parsePriority } from "@/lib/ingest/priority";
import { describeIssues } from "@/lib/validation";

/** A Falco alert as every sender carries it, validated and with defaults applied. */
export interface FalcoAlert {
  uuid: string | undefined;
  rule: string;
  priority: Priority;
  time: FalcoTime;
  output: string;
  outputFields: OutputFields;
  source: string;
  tags: string[];
  hostname: string;
  /** Every key beside Falco's own (Fluent Bit enrichment, envelope keys, newer Falco fields). */
  labels: Record<string, unknown> | null;
}

export type OutputFieldScalar = string | number | boolean | null;
export type OutputFields = Record<string, OutputFieldScalar | OutputFieldScalar[]>;

const knownKeys = new Set(["uuid", "rule", "priority", "time", "output", "output_fields", "source", "tags", "hostname"]);

// An integer too large for a JS number arrives as a marked string (lib/ingest/exact-json.ts): it is
// a number to its sender, never a string here, and its marker must not reach a text column.
const isNotBigInteger = [
  (text: string) => bigIntegerText(text) === undefined,
  { error: (issue: { input: unknown }) => `must be a string (got the number ${bigIntegerText(issue.input)})` },
] as const;
const requiredString = z
  .string({ error: (issue) => (issue.input === undefined ? "required" : "must be a string") })
  .refine(...isNotBigInteger);
const optionalString = z.string({ error: "must be a string" }).refine(...isNotBigInteger);

const isScalar = (v: unknown) => v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";

// Checked in place rather than as z.record, which copies the object key by key, running a schema
// for each key and value: for the dozens of fields of an alert, about 6 µs of the 30 that parsing
// and preparing one takes.
const outputFieldsSchema = z
  .custom<Record<string, unknown>>((value) => value !== null && typeof value === "object" && !Array.isArray(value), {
    error: (issue) => (issue.input === undefined ? "required" : "must be an object"),
  })
  .superRefine((fields, ctx) => {
    for (const key in fields) {
      const value = fields[key];
      if (!isScalar(value) && !(Array.isArray(value) && value.every(isScalar))) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "must be a string, number, boolean, null or an array of those",
        });
      }
    }
    for (const key of ["k8s.ns.name", "ka.target.namespace"]) {
      const namespace = fields[key];
      if (typeof namespace === "string" && namespace.length > 253) {
        ctx.addIssue({ code: "custom", path: [key], message: "longer than 253 characters" });
      }
    }
  });

const falcoAlertSchema = z.object({
  uuid: optionalString.max(200, "longer than 200 characters").optional(),
  rule: requiredString
    .trim()
    .min(1, "must not be empty")
    .max(1024, "longer than 1024 characters")
    // indexed with the rollups' other key columns: a btree entry cannot exceed about 2.7 kB
    .refine((rule) => rule.length * 3 <= 2048 || Buffer.byteLength(rule) <= 2048, "longer than 2048 bytes of UTF-8"),
  priority: requiredString.transform((text, ctx) => {
    const priority = parsePriority(text);
    if (priority) return priority;
    ctx.addIssue({
      code: "custom",
      message: `must be one of ${falcoPriorityNames.join(", ")} (got ${JSON.stringify(text.slice(0, 40))})`,
    });
    return z.NEVER;
  }),
  time: requiredString.transform((text, ctx) => {
    const time = parseFalcoTime(text);
    if (time) return time;
    ctx.addIssue({
      code: "custom",
      message: `must be an RFC 3339 time such as 2026-11-25T09:14:02.511093874Z (got ${JSON.stringify(text.slice(0, 40))})`,
    });
    return z.NEVER;
  }),
  output: optionalString.default(""),
  output_fields: outputFieldsSchema,
  source: optionalString.trim().min(1, "must not be empty").max(64, "longer than 64 characters").default("syscall"),
  tags: z
    .array(optionalString.max(256, "longer than 256 characters"), { error: "must be an array of strings" })
    .max(256, "more than 256 tags")
    .default([]),
  hostname: optionalString.max(255, "longer than 255 characters").default(""),
});

export type ParsedAlert = { alert: FalcoAlert } | { error: string };

/**
 * Validates one alert object. `beside` holds keys that arrived around it (a Fluent Bit record's
 * enrichment, an envelope's `outputs`); they join the alert's own unknown keys as labels. `at` is
 * the key of the record that held the alert, which error messages name first (`event.rule: …`).
 */
export function parseFalcoAlert(value: unknown, beside: Record<string, unknown> = {}, at?: string): ParsedAlert {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { error: `${at ?? "alert"}: must be a JSON object` };
  }
  const result = falcoAlertSchema.safeParse(value);
  if (!result.success) {
    const issues = at === undefined ? result.error.issues : result.error.issues.map((issue) => ({ ...issue, path: [at, ...issue.path] }));
    return { error: describeIssues(issues) };
  }
  const { uuid, output_fields: outputFields, ...rest } = result.data;
  const labels = Object.entries(beside);
  for (const key of Object.keys(value)) {
    if (!knownKeys.has(key)) labels.push([key, (value as Record<string, unknown>)[key]]);
  }
  return {
    alert: {
      ...rest,
      uuid: uuid || undefined,
      outputFields: outputFields as OutputFields,
      // fromEntries defines keys, where assignment would run setters such as `__proto__`.
      labels: labels.length > 0 ? Object.fromEntries(labels) : null,
    },
  };
}
