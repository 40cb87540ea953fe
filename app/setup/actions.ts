"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { getSystemDb } from "@/lib/db";
import { actionError, type ActionResult } from "@/lib/server/action-result";
import { requestContext } from "@/lib/server/request-context";
import { completeSetup } from "@/lib/setup/setup-tokens";

/** Creates the first administrator with the one-time setup token, then signs them in. */
export async function completeSetupAction(token: string, _previous: ActionResult, form: FormData): Promise<ActionResult> {
  const requestHeaders = await headers();
  const input = { email: form.get("email"), name: form.get("name") || undefined, password: form.get("password") };
  try {
    if (input.password !== form.get("confirm")) return { error: "confirm: the two passwords differ" };
    await completeSetup(getSystemDb(), token, input as { email: string; password: string }, requestContext(requestHeaders));
    await signInWithPassword(getSystemDb(), requestHeaders, input);
  } catch (error) {
    return actionError(error);
  }
  redirect("/");
}
