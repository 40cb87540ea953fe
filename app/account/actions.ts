"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { callerFrom } from "@/lib/auth/caller";
import { changePassword } from "@/lib/auth/change-password";
import { requirePermission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { actionError, type ActionResult } from "@/lib/server/action-result";

export async function changePasswordAction(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  const requestHeaders = await headers();
  try {
    const caller = requirePermission(await callerFrom(requestHeaders), "read");
    if (form.get("next") !== form.get("confirm")) return { error: "confirm: the two new passwords differ" };
    await changePassword(getDb(), caller, { current: form.get("current"), next: form.get("next") });
  } catch (error) {
    return actionError(error);
  }
  redirect("/");
}
