import { z } from "zod";

/**
 * An ingest or personal API token's label. Anyone signed in labels their own tokens, and operators
 * read labels in a terminal (`api-tokens list`), where a control character could forge a row or
 * send the terminal an escape sequence.
 */
export const tokenLabelSchema = z
  .string()
  .trim()
  .max(200, "at most 200 characters")
  .regex(/^\P{Cc}*$/u, "no control characters (line breaks, tabs, escapes)");
