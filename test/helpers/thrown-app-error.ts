import { AppError } from "@/lib/errors";
import { normalizeError } from "@/lib/normalize-error";

/** The AppError that `run` throws; fails the test when it throws nothing or something else. */
export function thrownAppError(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, nothing was thrown");
}

/** What the promise was refused with, as the pages and the API would report it. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const thrown: unknown = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  const known = normalizeError(thrown);
  if (!known) throw new Error(`expected a known failure, got ${String(thrown)}`);
  return known;
}
