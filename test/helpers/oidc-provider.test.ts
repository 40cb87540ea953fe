import { createHash, createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type OidcProvider } from "@/test/helpers/oidc-provider";

// The e2e spec proves Falconry's side only if this double refuses what a real provider refuses.
describe("the test OpenID Connect provider", () => {
  const client = { clientId: "app", clientSecret: "s3cret:with colon", redirectUri: "http://127.0.0.1:9/callback" };
  const verifier = "a-code-verifier-that-is-long-enough-to-be-realistic-0123456789";
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  let provider: OidcProvider;

  beforeAll(async () => {
    provider = await startOidcProvider(client);
    provider.signInAs({ email: "someone@example.com" });
  });
  afterAll(() => provider.close());

  async function authorize(params: Record<string, string> = {}): Promise<URL> {
    const query = new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      response_type: "code",
      scope: "openid email",
      state: "st",
      nonce: "nn",
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...params,
    });
    const answer = await fetch(`${provider.issuer}/authorize?${query}`, { redirect: "manual" });
    expect(answer.status).toBe(302);
    return new URL(answer.headers.get("location")!);
  }

  function exchange(code: string, overrides: Record<string, string> = {}, basic = false) {
    const form = new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: client.redirectUri,
      code_verifier: verifier,
      ...(basic ? {} : { client_id: client.clientId, client_secret: client.clientSecret }),
      ...overrides,
    });
    const auth = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
    const headers: Record<string, string> = basic ? { Authorization: `Basic ${Buffer.from(auth).toString("base64")}` } : {};
    return fetch(`${provider.issuer}/token`, { method: "POST", body: form, headers });
  }

  it("answers a code for a signed ID token carrying the nonce, and the access token opens userinfo", async () => {
    const back = await authorize();
    expect([back.searchParams.get("state"), back.searchParams.get("iss")]).toEqual(["st", provider.issuer]);
    const tokens = (await (await exchange(back.searchParams.get("code")!, {}, true)).json()) as { id_token: string; access_token: string };
    const [header, payload, signature] = tokens.id_token.split(".") as [string, string, string];
    const { keys } = (await (await fetch(`${provider.issuer}/jwks`)).json()) as { keys: JsonWebKey[] };
    const publicKey = createPublicKey({ key: keys[0]!, format: "jwk" });
    expect(verify("sha256", Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, "base64url"))).toBe(true);
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: provider.issuer, aud: client.clientId, email: "someone@example.com", nonce: "nn" });
    const userinfo = await fetch(`${provider.issuer}/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(await userinfo.json()).toMatchObject({ sub: claims.sub, email: "someone@example.com" });
  });

  it("refuses a wrong secret, a wrong PKCE verifier, another redirect address and a used code", async () => {
    const code = async () => (await authorize()).searchParams.get("code")!;
    expect((await exchange(await code(), { client_secret: "wrong" })).status).toBe(401);
    expect((await exchange(await code(), { code_verifier: "not-the-verifier" })).status).toBe(400);
    expect((await exchange(await code(), { redirect_uri: "http://127.0.0.1:9/elsewhere" })).status).toBe(400);
    const once = await code();
    expect((await exchange(once)).status).toBe(200);
    expect((await exchange(once)).status).toBe(400);
  });

  it("never redirects to an unregistered address", async () => {
    const answer = await fetch(`${provider.issuer}/authorize?client_id=app&redirect_uri=${encodeURIComponent("https://evil.example/")}`, { redirect: "manual" });
    expect(answer.status).toBe(400);
  });
});
