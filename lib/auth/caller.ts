import type { UserRole } from "@/lib/generated/prisma/enums.ts";
import type { Actor } from "@/lib/audit/audit";
import { getAuth } from "@/lib/auth/auth";
import { hashApiToken, isApiTokenShaped } from "@/lib/auth/api-token-secret";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/prisma";
import type { Scope } from "@/lib/db/scoped-db";
import { readEnv } from "@/lib/env";
import { requestContext, type RequestContext } from "@/lib/server/request-context";

/** Who is asking, resolved from their session cookie or personal API token, never from the body. */
export interface Caller {
  userId: string;
  email: string;
  name: string;
  role: UserRole;
  /** Signed in with a generated one-time password: must choose their own first. */
  mustChangePassword: boolean;
  /** Admins always see every tenant. */
  scope: Scope;
  /** The browser session, or null for a personal API token. */
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Activity within this long of the last recorded one is not written down again. */
const activityResolutionMs = 60_000;

export async function callerFrom(headers: Headers): Promise<Caller | null> {
  const db = getDb();
  const request = requestContext(headers);
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer) return callerFromApiToken(db, bearer, request);

  const found = await getAuth().api.getSession({ headers, query: { disableCookieCache: true } });
  if (!found) return null;
  const { session } = found;
  const env = readEnv();
  const now = Date.now();
  const lastActivity = session.updatedAt.getTime();
  // Both limits are kept here, for sessions from every way in: better-auth's expiresAt is not the
  // absolute limit, since a password sign-in asks it for a browser-session cookie, which it keeps
  // for 24 hours.
  const isTooOld = now - session.createdAt.getTime() > env.FALCONRY_SESSION_MAX_HOURS * 3_600_000;
  const isIdle = now - lastActivity > env.FALCONRY_SESSION_IDLE_MINUTES * 60_000;
  if (isTooOld || isIdle) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now - lastActivity > activityResolutionMs) {
    await db.session.updateMany({ where: { id: session.id }, data: { updatedAt: new Date() } });
  }
  return loadCaller(db, session.userId, { ...request, sessionId: session.id });
}

async function callerFromApiToken(db: Db, token: string, request: RequestContext) {
  if (!isApiTokenShaped(token)) return null;
  const found = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) } });
  if (!found || found.revokedAt) return null;
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > activityResolutionMs) {
    await db.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
  }
  return loadCaller(db, found.userId, { ...request, sessionId: null });
}

async function loadCaller(db: Db, userId: string, context: Pick<Caller, "sessionId" | "ip" | "userAgent">): Promise<Caller | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: { tenants: { select: { tenantId: true } } } });
  if (!user || user.deactivatedAt) return null;
  const scope: Scope = user.role === "admin" || user.allTenants ? "all" : user.tenants.map((t) => t.tenantId);
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    scope,
    ...context,
  };
}

export function actorOf(caller: Caller): Actor {
  return { id: caller.userId, email: caller.email, ip: caller.ip, userAgent: caller.userAgent };
}
