import { createHash, randomBytes } from "node:crypto";

/**
 * Secrets Falconry hands out (ingest tokens, personal API tokens): 256 random bits behind a
 * recognisable prefix, so secret scanners can spot leaked ones. They are random, not chosen by
 * people, so SHA-256 is enough to store them and allows lookup by equality.
 */
export function prefixedTokens(prefix: string) {
  const shape = new RegExp(`^${prefix}[A-Za-z0-9_-]{43}$`);
  return {
    generate: (): string => prefix + randomBytes(32).toString("base64url"),
    hash: (token: string): string => createHash("sha256").update(token).digest("hex"),
    isShaped: (token: string): boolean => shape.test(token),
  };
}
