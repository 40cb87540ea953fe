import { notFound, redirect } from "next/navigation";
import type { Caller } from "@/lib/auth/caller";
import { currentCaller } from "@/lib/auth/current-caller";
import { can, type Permission } from "@/lib/auth/permissions";

/**
 * The signed-in person a page is for: others are sent to sign in (and back here after), people
 * with a one-time password to choose their own first, and people without the permission get the
 * page that does not exist, as for any id outside their scope.
 */
export async function pageCaller(path: string, permission: Permission = "read"): Promise<Caller> {
  const caller = await currentCaller();
  if (!caller) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (caller.mustChangePassword && path !== "/account") redirect("/account");
  if (!can(caller, permission)) notFound();
  return caller;
}
