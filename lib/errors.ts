/**
 * Failures library code reports on purpose. Each code maps to one HTTP status in
 * lib/server/http-errors.ts and one exit code in the CLI; anything else is a bug and is answered
 * as a 500 without details.
 */
export const errorCodes = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return errorCodes[this.code];
  }
}
