"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth, oidcProviderId } from "@/lib/auth/auth";
import { landingPath } from "@/lib/auth/landing-path";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";
import { signInWithPassword, signOut } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db";
import { actionError, type ActionResult } from "@/lib/server/action-result";

/** A refusal hands the email back, for the form to show again (React empties it after the action). */
export async function signInAction(_previous: ActionResult & { email?: string }, form: FormData): Promise<ActionResult & { email?: string }> {
  let signedIn: { userId: string; mustChangePassword: boolean };
  try {
    signedIn = await signInWithPassword(getDb(), await headers(), { email: form.get("email"), password: form.get("password") });
  } catch (error) {
    const email = form.get("email");
    return { ...actionError(error), email: typeof email === "string" ? email : "" };
  }
  // Someone holding a one-time password chooses their own before anything else; without a page to
  // go back to, people land where their scope says (lib/auth/landing-path.ts).
  const next = safeRedirectPath(form.get("next"));
  redirect(signedIn.mustChangePassword ? "/account" : next !== "/" ? next : await landingPath(getDb(), signedIn.userId));
}

/** Starts the OpenID Connect round trip; the provider sends the browser back to /api/auth. */
export async function oidcSignInAction(form: FormData): Promise<void> {
  const next = safeRedirectPath(form.get("next"));
  const { url } = await getAuth().api.signInSocial({
    // A refusal comes back as /sign-in?next=…&error=<code> (lib/auth/sso-refusal.ts).
    body: { provider: oidcProviderId, callbackURL: next, errorCallbackURL: `/sign-in?next=${encodeURIComponent(next)}` },
    headers: await headers(),
  });
  if (!url) throw new Error("the OpenID Connect provider gave no sign-in address");
  redirect(url);
}

export async function signOutAction(): Promise<void> {
  await signOut(getDb(), await headers());
  redirect("/sign-in");
}
