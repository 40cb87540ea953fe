import type { Caller } from "@/lib/auth/caller";
import { currentCaller } from "@/lib/auth/current-caller";
import { requirePermission, type Permission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/**
 * The person a server action acts for. Forms are for people in a browser: an API token drives the
 * API, never the forms (a leaked token must not mint tokens or people), and someone holding a
 * one-time password chooses their own before anything else (only the form that does so says
 * `isChangingPassword`).
 */
export async function actionCaller(permission: Permission, options: { isChangingPassword?: boolean } = {}): Promise<Caller> {
  const caller = requirePermission(await currentCaller(), permission);
  if (caller.sessionId === null) throw new AppError("forbidden", "authorization: forms need a signed-in session; scripts use the API");
  if (caller.mustChangePassword && !options.isChangingPassword) {
    throw new AppError("forbidden", "password: choose a new password at /account first");
  }
  return caller;
}
