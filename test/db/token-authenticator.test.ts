import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { revokeIngestToken } from "@/lib/clusters/ingest-tokens";
import { TokenAuthenticator } from "@/lib/ingest/token-authenticator";
import { createClusterWithToken } from "@/test/helpers/ingest-server";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("TokenAuthenticator", () => {
  it("resolves a token to its cluster, and an unknown one to nothing", async () => {
    const { token, tokenId, cluster } = await createClusterWithToken(database, "auth-known");
    const authenticator = new TokenAuthenticator(database.sql);
    expect(await authenticator.authenticate(token)).toEqual({ tokenId, clusterId: cluster.id, clusterName: "auth-known" });
    expect(await authenticator.authenticate(`${token.slice(0, -1)}x`)).toBeNull();
  });

  it("does not cache a lookup that began before the cache was cleared", async () => {
    const { token, tokenId } = await createClusterWithToken(database, "auth-race");
    const authenticator = new TokenAuthenticator(database.sql);
    const racing = authenticator.authenticate(token); // its query is on its way
    authenticator.clear(); // as a "tokens" change would while it is
    expect(await racing).not.toBeNull();
    await revokeIngestToken(database.db, operatorActor, { id: tokenId });
    expect(await authenticator.authenticate(token)).toBeNull();
  });
});
