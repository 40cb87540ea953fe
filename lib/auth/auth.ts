import "@/lib/server/no-telemetry";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth } from "better-auth/plugins";
import { audit, type Actor } from "@/lib/audit/audit";
import { deactivatedRefusal } from "@/lib/auth/sso-refusal";
import { getDb } from "@/lib/db";
import { clientIpHeader } from "@/lib/server/client-address";
import { publicUrl, readEnv, type Env } from "@/lib/env";

export const oidcProviderId = "oidc";

/*
 * better-auth signs people in and keeps their sessions in PostgreSQL. Falconry drives it from its
 * own server actions (lib/auth/sign-in.ts), which add throttling, the audit trail and the idle
 * timeout; its HTTP endpoints are exposed only for the OpenID Connect round trip
 * (app/api/auth/[...all]/route.ts). Nobody signs up: admins create people, and OpenID Connect
 * signs in only people who already exist, matched by email.
 */
/** Who a session being made is for, and from where, for the audit trail. */
function sessionActor(session: { userId: string; ipAddress?: string | null; userAgent?: string | null }, email: string): Actor {
  return { id: session.userId, email, ip: session.ipAddress ?? null, userAgent: session.userAgent ?? null };
}

function createAuth(env: Env) {
  const baseURL = publicUrl(env);
  const oidc = oidcConfig(env);
  return betterAuth({
    appName: "Falconry",
    baseURL,
    secret: process.env.BETTER_AUTH_SECRET,
    database: prismaAdapter(getDb(), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    session: {
      // Never extended. callerFrom (caller.ts) ends it after FALCONRY_SESSION_MAX_HOURS from sign-in,
      // or sooner without requests, whatever the way in.
      expiresIn: env.FALCONRY_SESSION_MAX_HOURS * 3600,
      disableSessionRefresh: true,
    },
    // An existing person is signed in by email only when the provider says it verified that email
    // (no trustedProviders: trusting the provider blindly would let anyone who can set an unverified
    // email there become any Falconry user, administrators included).
    account: { accountLinking: { enabled: true } },
    databaseHooks: {
      session: {
        create: {
          // Whatever the way in, a deactivated person gets no session. The password sign-in refuses
          // them before this, without saying why; single sign-on comes back with this code.
          before: async (session) => {
            const user = await getDb().user.findUnique({ where: { id: session.userId }, select: { email: true, deactivatedAt: true } });
            if (user?.deactivatedAt) {
              await audit(getDb(), sessionActor(session, user.email), { action: "sign-in.failure", objectType: "user", objectId: session.userId });
              throw new APIError("FORBIDDEN", { code: deactivatedRefusal, message: "the account is deactivated" });
            }
            return Boolean(user);
          },
          // Password sign-ins are audited by lib/auth/sign-in.ts; this is the OpenID Connect one.
          after: async (session, context) => {
            if (!context?.path.startsWith("/callback/")) return;
            const user = await getDb().user.findUnique({ where: { id: session.userId }, select: { email: true } });
            await audit(getDb(), sessionActor(session, user?.email ?? ""), { action: "sign-in.oidc", objectType: "user", objectId: session.userId });
          },
        },
      },
    },
    advanced: {
      useSecureCookies: baseURL.startsWith("https://"),
      database: { generateId: "uuid" },
      // Set by Falconry's own server from the socket, replacing whatever a client sent.
      ipAddress: { ipAddressHeaders: [clientIpHeader] },
    },
    // Where a refused OpenID Connect round trip ends when its own error address was lost with its
    // state; /api/auth/error is not exposed.
    onAPIError: { errorURL: "/sign-in" },
    // Throttling is Falconry's (lib/auth/throttle.ts), which never locks a person out.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    plugins: [
      nextCookies(),
      genericOAuth({
        config: oidc
          ? [
              {
                providerId: oidcProviderId,
                discoveryUrl: `${oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
                clientId: oidc.clientId,
                clientSecret: oidc.clientSecret,
                scopes: ["openid", "email", "profile"],
                pkce: true,
                disableImplicitSignUp: true,
              },
            ]
          : [],
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

function oidcConfig(env: Env) {
  const { FALCONRY_OIDC_ISSUER: issuer, FALCONRY_OIDC_CLIENT_ID: clientId, FALCONRY_OIDC_CLIENT_SECRET: clientSecret } = env;
  return issuer && clientId && clientSecret ? { issuer, clientId, clientSecret, name: env.FALCONRY_OIDC_NAME } : null;
}

/** The name of the OpenID Connect sign-in button, or null when OpenID Connect is not configured. */
export function oidcSignInName(): string | null {
  return oidcConfig(readEnv())?.name ?? null;
}

const holder = globalThis as unknown as { falconryAuth?: Auth };

export function getAuth(): Auth {
  holder.falconryAuth ??= createAuth(readEnv());
  return holder.falconryAuth;
}
