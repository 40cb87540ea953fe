"use server";

import { redirect } from "next/navigation";
import { actionCaller } from "@/lib/auth/action-caller";
import { changePassword } from "@/lib/auth/change-password";
import { getDb } from "@/lib/db";
import { actionError, type ActionResult } from "@/lib/server/action-result";

export async function changePasswordAction(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  try {
    const caller = await actionCaller("read", { isChangingPassword: true });
    if (form.get("next") !== form.get("confirm")) return { error: "confirm: the two new passwords differ" };
    await changePassword(getDb(), caller, { current: form.get("current"), next: form.get("next") });
  } catch (error) {
    return actionError(error);
  }
  redirect("/");
}
