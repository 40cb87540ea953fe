import { hashPassword, verifyPassword } from "better-auth/crypto";
import { audit } from "@/lib/audit/audit";
import { actorOf, type Caller } from "@/lib/auth/caller";
import { beginSignInAttempt, endSignInAttemptWithSuccess } from "@/lib/auth/throttle";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { passwordSchema } from "@/lib/users/users";

/**
 * Changes the caller's password, ends their other sessions and revokes their API tokens: changing
 * the password is what someone does who fears it is known, and a token made with a stolen session
 * would otherwise outlive it. A wrong current password counts
 * against sign-in throttling like a wrong guess at the sign-in form, so a borrowed session cannot
 * guess it faster. The new hash, the ended sessions, the revoked tokens, the cleared
 * one-time-password flag and the audit row are written in one transaction: all of them or none.
 */
export async function changePassword(db: Db, caller: Caller, input: { current: unknown; next: unknown }): Promise<void> {
  if (typeof input.current !== "string" || input.current === "") throw new AppError("invalid_input", "current: enter your current password");
  const next = passwordSchema.safeParse(input.next);
  if (!next.success) throw new AppError("invalid_input", `new password: ${next.error.issues[0]?.message}`);
  if (next.data === input.current) throw new AppError("invalid_input", "new password: choose one other than your current password");

  // better-auth's password sign-in account (lib/users/users.ts creates it).
  const account = await db.account.findFirst({ where: { userId: caller.userId, providerId: "credential" }, select: { id: true, password: true } });
  if (!account?.password) throw new AppError("conflict", "current: you have no password here; you sign in with single sign-on");

  const attempt = await beginSignInAttempt(db, caller.email, caller.ip ?? "unknown");
  if (!(await verifyPassword({ hash: account.password, password: input.current }))) {
    // as a failed sign-in is: someone holding the session may be guessing
    await audit(db, actorOf(caller), { action: "user.change-password.failure", objectType: "user", objectId: caller.userId });
    throw new AppError("invalid_input", "current: the current password is wrong");
  }
  const passwordHash = await hashPassword(next.data);
  await db.$transaction(async (tx) => {
    // Only over the hash just checked: of two changes at once, one wins and the other is told.
    const { count } = await tx.account.updateMany({ where: { id: account.id, password: account.password }, data: { password: passwordHash } });
    if (count === 0) throw new AppError("conflict", "current: your password was changed meanwhile; sign in again");
    await tx.session.deleteMany({ where: { userId: caller.userId, ...(caller.sessionId ? { id: { not: caller.sessionId } } : {}) } });
    const revoked = await tx.apiToken.updateMany({ where: { userId: caller.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.user.update({ where: { id: caller.userId }, data: { mustChangePassword: false } });
    await audit(tx, actorOf(caller), {
      action: "user.change-password",
      objectType: "user",
      objectId: caller.userId,
      after: { apiTokensRevoked: revoked.count },
    });
  });
  await endSignInAttemptWithSuccess(db, attempt);
}
