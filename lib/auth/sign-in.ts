import { randomBytes } from "node:crypto";
import { isAPIError } from "better-auth/api";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { audit, type Actor } from "@/lib/audit/audit";
import { getAuth } from "@/lib/auth/auth";
import { beginSignInAttempt, endSignInAttemptWithSuccess } from "@/lib/auth/throttle";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { requestContext } from "@/lib/server/request-context";
import { emailSchema } from "@/lib/users/users";

const wrongCredentials = "sign-in: the email or the password is wrong";

/**
 * A hash, made as better-auth makes them, of a random password nobody knows. People without a
 * password to check are checked against it, so that the time an answer takes does not tell who
 * has an account. Made once, on first use.
 */
let dummyPasswordHash: Promise<string> | undefined;

function dummyHash(): Promise<string> {
  dummyPasswordHash ??= hashPassword(randomBytes(24).toString("base64url"));
  return dummyPasswordHash;
}

function requestActor(headers: Headers, email: string, id: string | null = null): Actor {
  return { id, email, ...requestContext(headers) };
}

/**
 * Signs a person in with email and password: throttled (lib/auth/throttle.ts), audited whether it
 * succeeds or not, and with a new session whose cookie replaces (and ends) any session the browser
 * held before. Unknown and deactivated people get the same answer as a wrong password, after as
 * long a wait.
 */
export async function signInWithPassword(db: Db, headers: Headers, input: { email: unknown; password: unknown }): Promise<{ userId: string; mustChangePassword: boolean }> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success || typeof input.password !== "string" || input.password === "") {
    throw new AppError("invalid_input", "sign-in: enter your email and password");
  }
  const email = parsed.data;
  const actor = requestActor(headers, email);
  const attempt = await beginSignInAttempt(db, email, actor.ip ?? "unknown");

  const auth = getAuth();
  const previous = await auth.api.getSession({ headers, query: { disableCookieCache: true } }).catch(() => null);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, deactivatedAt: true, mustChangePassword: true } });
  try {
    if (!user || user.deactivatedAt) {
      await verifyPassword({ hash: await dummyHash(), password: input.password });
      throw new AppError("unauthorized", wrongCredentials);
    }
    await auth.api.signInEmail({ body: { email, password: input.password, rememberMe: false }, headers });
  } catch (error) {
    if (!(error instanceof AppError) && !(isAPIError(error) && error.statusCode < 500)) throw error;
    await audit(db, { ...actor, id: user?.id ?? null }, { action: "sign-in.failure", objectType: "user", objectId: user?.id });
    throw new AppError("unauthorized", wrongCredentials);
  }
  await endSignInAttemptWithSuccess(db, attempt);
  if (previous) await db.session.deleteMany({ where: { id: previous.session.id } });
  await audit(db, { ...actor, id: user.id }, { action: "sign-in", objectType: "user", objectId: user.id });
  return { userId: user.id, mustChangePassword: user.mustChangePassword };
}

/** Ends the browser's session on the server and clears its cookie. */
export async function signOut(db: Db, headers: Headers): Promise<void> {
  const auth = getAuth();
  const current = await auth.api.getSession({ headers, query: { disableCookieCache: true } }).catch(() => null);
  await auth.api.signOut({ headers });
  if (current) {
    await db.session.deleteMany({ where: { id: current.session.id } });
    await audit(db, requestActor(headers, current.user.email, current.user.id), { action: "sign-out", objectType: "user", objectId: current.user.id });
  }
}
