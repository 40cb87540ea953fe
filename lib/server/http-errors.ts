import { normalizeError } from "@/lib/normalize-error";

export interface HttpError {
  status: number;
  body: { error: string };
}

/** The one place that turns a thrown error into an HTTP answer; a 500 never shows internals. */
export function toHttpError(error: unknown): HttpError {
  const known = normalizeError(error);
  if (known) return { status: known.status, body: { error: known.message } };
  console.error(error);
  return { status: 500, body: { error: "internal error" } };
}
