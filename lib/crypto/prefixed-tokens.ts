import { hash, randomBytes } from "node:crypto";

/** How Falconry stores a random secret it handed out: its SHA-256, for lookup by equality. */
export function hashSecret(secret: string): string {
  return hash("sha256", secret, "hex");
}

/**
 * Secrets Falconry hands out (ingest tokens, personal API tokens): 256 random bits behind a
 * recognisable prefix, so secret scanners can spot leaked ones. They are random, not chosen by
 * people, so SHA-256 is enough to store them and allows lookup by equality.
 */
export function prefixedTokens(prefix: string) {
  const shape = new RegExp(`^${prefix}[A-Za-z0-9_-]{43}$`);
  return {
    generate: (): string => prefix + randomBytes(32).toString("base64url"),
    hash: hashSecret,
    isShaped: (token: string): boolean => shape.test(token),
  };
}
