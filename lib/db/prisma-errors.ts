import { Prisma } from "@/lib/generated/prisma/client.ts";

/** P2002: a unique constraint refused the write. Matched by code, never by message. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** P2025: the record to update or delete does not exist. */
export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}

/** A raw query cancelled by `statement_timeout` (SQLSTATE 57014). Matched by code, never by message. */
export function isStatementTimeout(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2010") return false;
  const cause = (error.meta?.driverAdapterError as { cause?: { code?: unknown } } | undefined)?.cause;
  return cause?.code === "57014";
}

/**
 * One line for a Prisma error about a query, or undefined for any other error: Prisma's message
 * opens with a code frame of the call, and its last line says what went wrong.
 */
export function describePrismaError(error: unknown): string | undefined {
  const isQueryError =
    error instanceof Prisma.PrismaClientKnownRequestError ||
    error instanceof Prisma.PrismaClientUnknownRequestError ||
    error instanceof Prisma.PrismaClientValidationError;
  return isQueryError ? error.message.trim().split("\n").at(-1) : undefined;
}
