"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth, oidcProviderId } from "@/lib/auth/auth";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";
import { signInWithPassword, signOut } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db";
import { actionError, type ActionResult } from "@/lib/server/action-result";

export async function signInAction(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  let mustChangePassword: boolean;
  try {
    ({ mustChangePassword } = await signInWithPassword(getDb(), await headers(), { email: form.get("email"), password: form.get("password") }));
  } catch (error) {
    return actionError(error);
  }
  // Someone holding a one-time password chooses their own before anything else.
  redirect(mustChangePassword ? "/account" : safeRedirectPath(form.get("next")));
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
