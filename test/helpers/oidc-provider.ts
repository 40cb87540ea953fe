import { createHash, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A test double of a company's OpenID Connect provider, speaking the real protocol (authorization
 * code flow, PKCE S256, nonce, RS256 ID tokens checked against its JWKS) so that Falconry's side is
 * exercised exactly as in production, without internet. It approves every request at once as the
 * identity the test chose with `signInAs`; nothing else of a real provider (consent, sessions,
 * refresh tokens) is here.
 */

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface Identity {
  email: string;
  /** Defaults to a value derived from the email, stable across sign-ins. */
  sub?: string;
  /** Whether the provider vouches for the email (`email_verified`); true unless said otherwise. */
  emailVerified?: boolean;
}

export interface OidcProvider {
  issuer: string;
  /** Whom authorization requests sign in as from now on; null answers them with access_denied. */
  signInAs(identity: Identity | null): void;
  close(): Promise<void>;
}

interface Grant {
  identity: Required<Identity>;
  codeChallenge: string | null;
  nonce: string | null;
  expiresAt: number;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");
const sha256 = (text: string) => createHash("sha256").update(text).digest();

const isSameSecret = (given: string, expected: string) => timingSafeEqual(sha256(given), sha256(expected));

export async function startOidcProvider(client: OidcClient): Promise<OidcProvider> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = base64url(randomBytes(8));
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, Required<Identity>>();
  let identity: Required<Identity> | null = null;
  let issuer = "";

  function signIdToken(grant: Grant): string {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
    const claims = {
      iss: issuer,
      aud: client.clientId,
      sub: grant.identity.sub,
      email: grant.identity.email,
      email_verified: grant.identity.emailVerified,
      iat: now,
      exp: now + 300,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    };
    const payload = base64url(JSON.stringify(claims));
    return `${header}.${payload}.${base64url(sign("sha256", Buffer.from(`${header}.${payload}`), privateKey))}`;
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    // A wrong client or redirect address is shown here, never redirected to (RFC 6749 §4.1.2.1).
    if (q.get("client_id") !== client.clientId) return send(res, 400, { error: "invalid_client" });
    if (q.get("redirect_uri") !== client.redirectUri) return send(res, 400, { error: "invalid_request", error_description: "redirect_uri" });
    const back = new URL(client.redirectUri);
    const state = q.get("state");
    if (state) back.searchParams.set("state", state);
    back.searchParams.set("iss", issuer);
    const challengeMethod = q.get("code_challenge_method");
    if (q.get("response_type") !== "code" || !q.get("scope")?.split(" ").includes("openid")) {
      back.searchParams.set("error", "invalid_request");
    } else if (q.get("code_challenge") && challengeMethod !== "S256") {
      back.searchParams.set("error", "invalid_request");
    } else if (!identity) {
      back.searchParams.set("error", "access_denied");
    } else {
      const code = base64url(randomBytes(24));
      grants.set(code, { identity, codeChallenge: q.get("code_challenge"), nonce: q.get("nonce"), expiresAt: Date.now() + 60_000 });
      back.searchParams.set("code", code);
    }
    res.writeHead(302, { Location: back.toString() }).end();
  }

  function token(form: URLSearchParams, authorization: string | undefined, res: ServerResponse) {
    // client_secret_basic (form-encoded id and secret, RFC 6749 §2.3.1) or client_secret_post.
    const basic = /^Basic (.+)$/i.exec(authorization ?? "")?.[1];
    const [id, secret] = basic ? fromBasic(basic) : [form.get("client_id"), form.get("client_secret")];
    if (id !== client.clientId || !secret || !isSameSecret(secret, client.clientSecret)) return send(res, 401, { error: "invalid_client" });
    if (form.get("grant_type") !== "authorization_code") return send(res, 400, { error: "unsupported_grant_type" });
    const code = form.get("code") ?? "";
    const grant = grants.get(code);
    grants.delete(code);
    const verifier = form.get("code_verifier");
    const isPkceMet = grant?.codeChallenge ? verifier !== null && base64url(sha256(verifier)) === grant.codeChallenge : verifier === null;
    if (!grant || grant.expiresAt < Date.now() || form.get("redirect_uri") !== client.redirectUri || !isPkceMet) {
      return send(res, 400, { error: "invalid_grant" });
    }
    const accessToken = base64url(randomBytes(24));
    accessTokens.set(accessToken, grant.identity);
    send(res, 200, { token_type: "Bearer", access_token: accessToken, expires_in: 300, scope: "openid email profile", id_token: signIdToken(grant) });
  }

  function userinfo(authorization: string | undefined, res: ServerResponse) {
    const found = accessTokens.get(/^Bearer (\S+)$/i.exec(authorization ?? "")?.[1] ?? "");
    if (!found) return send(res, 401, { error: "invalid_token" });
    send(res, 200, { sub: found.sub, email: found.email, email_verified: found.emailVerified });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", issuer);
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /.well-known/openid-configuration") {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        grant_types_supported: ["authorization_code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        scopes_supported: ["openid", "email", "profile"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        code_challenge_methods_supported: ["S256"],
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (route === "GET /jwks") return send(res, 200, { keys: [jwk] });
    if (route === "GET /authorize") return authorize(url, res);
    if (route === "POST /token") return token(new URLSearchParams(await readBody(req)), req.headers.authorization, res);
    if (route === "GET /userinfo") return userinfo(req.headers.authorization, res);
    send(res, 404, { error: "not_found" });
  }

  // Malformed input (a bad Basic header, say) is the client's fault, never a crash of the test run.
  const server = createServer((req, res) => void handle(req, res).catch(() => send(res, 400, { error: "invalid_request" })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    signInAs(next) {
      identity = next && { email: next.email, sub: next.sub ?? base64url(sha256(next.email)).slice(0, 22), emailVerified: next.emailVerified ?? true };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function fromBasic(credentials: string): [string, string] {
  const decoded = Buffer.from(credentials, "base64").toString();
  const colon = decoded.indexOf(":");
  const part = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));
  return colon < 0 ? [part(decoded), ""] : [part(decoded.slice(0, colon)), part(decoded.slice(colon + 1))];
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
}
