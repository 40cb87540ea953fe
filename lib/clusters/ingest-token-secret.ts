import { createHash, randomBytes } from "node:crypto";

// 256 random bits behind a recognisable prefix, so secret scanners can spot leaked tokens.
const prefix = "fry_ingest_";
const shape = /^fry_ingest_[A-Za-z0-9_-]{43}$/;

export function generateIngestToken(): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Tokens are random, not chosen by people, so SHA-256 is enough and allows lookup by equality. */
export function hashIngestToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isIngestTokenShaped(token: string): boolean {
  return shape.test(token);
}
