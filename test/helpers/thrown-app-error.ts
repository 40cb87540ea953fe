import { AppError } from "@/lib/errors";

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
