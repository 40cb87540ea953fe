import { audit } from "@/lib/audit/audit";
import { getAuth } from "@/lib/auth/auth";
import { actorOf, type Caller } from "@/lib/auth/caller";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { passwordSchema } from "@/lib/users/users";

/** Changes the caller's password; every other session of theirs ends. */
export async function changePassword(db: Db, caller: Caller, headers: Headers, input: { current: unknown; next: unknown }) {
  if (typeof input.current !== "string" || input.current === "") throw new AppError("invalid_input", "current: enter your current password");
  const next = passwordSchema.safeParse(input.next);
  if (!next.success) throw new AppError("invalid_input", `new password: ${next.error.issues[0]?.message}`);
  try {
    await getAuth().api.changePassword({ body: { currentPassword: input.current, newPassword: next.data, revokeOtherSessions: true }, headers });
  } catch {
    throw new AppError("invalid_input", "current: the current password is wrong");
  }
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: caller.userId }, data: { mustChangePassword: false } });
    await audit(tx, actorOf(caller), { action: "user.change-password", objectType: "user", objectId: caller.userId });
  });
}
