import { ZodError } from "zod";
import { isRecordNotFound, isUniqueViolation } from "@/lib/db/prisma-errors";
import { AppError } from "@/lib/errors";
import { describeIssues } from "@/lib/validation";

/**
 * The AppError an error stands for: validation failures and Prisma's known refusals become the
 * matching code; anything else is unexpected and returns null.
 */
export function normalizeError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return new AppError("invalid_input", describeIssues(error.issues));
  if (isUniqueViolation(error)) return new AppError("conflict", "already exists");
  if (isRecordNotFound(error)) return new AppError("not_found", "not found");
  return null;
}
