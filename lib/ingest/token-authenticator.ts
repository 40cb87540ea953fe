import type { Sql } from "@/lib/db/sql";
import { hashIngestToken, isIngestTokenShaped } from "@/lib/clusters/ingest-token-secret";

export interface IngestCredential {
  tokenId: string;
  clusterId: string;
  clusterName: string;
}

const lastUsedResolutionMs = 60_000;

/**
 * Resolves ingest tokens to their cluster. Valid tokens are cached until a "tokens" config change
 * (see lib/db/config-changes.ts); unknown ones are looked up each time, since a token created a
 * moment ago must work at once. `last_used_at` is kept to the minute, off the request's path.
 */
export class TokenAuthenticator {
  readonly #valid = new Map<string, IngestCredential>();
  readonly #touchedAt = new Map<string, number>();
  /** Moves on at each `clear`: a lookup that began before it must not fill the cache after it. */
  #generation = 0;

  constructor(private readonly sql: Sql) {}

  async authenticate(token: string): Promise<IngestCredential | null> {
    if (!isIngestTokenShaped(token)) return null;
    const hash = hashIngestToken(token);
    let credential = this.#valid.get(hash);
    if (!credential) {
      const generation = this.#generation;
      const [row] = await this.sql<IngestCredential[]>`
        SELECT t.id AS "tokenId", t.cluster_id AS "clusterId", c.name AS "clusterName"
        FROM ingest_tokens t JOIN clusters c ON c.id = t.cluster_id
        WHERE t.token_hash = ${hash} AND t.revoked_at IS NULL`;
      if (!row) return null;
      credential = row;
      // A revocation that committed while this looked would otherwise stay cached until the next.
      if (generation === this.#generation) this.#valid.set(hash, credential);
    }
    this.#touch(credential.tokenId);
    return credential;
  }

  clear(): void {
    this.#generation++;
    this.#valid.clear();
  }

  #touch(tokenId: string): void {
    const now = Date.now();
    if (now - (this.#touchedAt.get(tokenId) ?? 0) < lastUsedResolutionMs) return;
    this.#touchedAt.set(tokenId, now);
    this.sql`UPDATE ingest_tokens SET last_used_at = now() WHERE id = ${tokenId}`.catch((error) => {
      this.#touchedAt.delete(tokenId);
      console.error(`Could not record the use of ingest token ${tokenId}: ${error.message}`);
    });
  }
}
