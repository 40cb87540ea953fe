"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionCaller } from "@/lib/auth/action-caller";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { actorOf } from "@/lib/auth/caller";
import { getSystemDb } from "@/lib/db";
import { actionError, type ActionResult } from "@/lib/server/action-result";
import { readUserForm } from "@/lib/users/user-form";
import { createUser, deactivateUser, emailSchema, updateUser } from "@/lib/users/users";

export interface UserActionResult extends ActionResult {
  notice: string | null;
}

export interface CreateUserResult extends ActionResult {
  /** The generated password, answered this once: it is stored only as a hash. */
  created: { email: string; role: string; password: string } | null;
  /** What was sent, to fill the form again after a refusal. */
  values: { email: string; role: string; allTenants: boolean; tenants: string[] } | null;
}

export async function createUserAction(_previous: CreateUserResult, form: FormData): Promise<CreateUserResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    // No password given: createUser generates one and makes its owner change it at first sign-in.
    const { user, password } = await createUser(getSystemDb(), actor, readUserForm(form));
    if (!password) throw new Error("createUser returned no one-time password");
    revalidatePath("/admin/users");
    return { error: null, created: { email: user.email, role: user.role, password }, values: null };
  } catch (error) {
    const values = {
      email: String(form.get("email") ?? ""),
      role: String(form.get("role") ?? ""),
      allTenants: form.get("scope") === "all",
      tenants: form.getAll("tenants").map(String),
    };
    return { ...actionError(error), created: null, values };
  }
}

export async function updateUserAction(_previous: UserActionResult, form: FormData): Promise<UserActionResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    const { email, role, allTenants, tenants } = readUserForm(form);
    const user = await updateUser(getSystemDb(), actor, { email, role, allTenants, tenants });
    revalidatePath("/admin/users");
    revalidatePath(`/admin/users/${user.id}`);
    return { error: null, notice: `Saved: ${user.email} is now ${user.role === "admin" ? "an" : "a"} ${user.role} of ${user.allTenants ? "all tenants" : tenants.join(", ")}.` };
  } catch (error) {
    return { ...actionError(error), notice: null };
  }
}

export async function deactivateUserAction(_previous: UserActionResult, form: FormData): Promise<UserActionResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    const { email } = z.object({ email: emailSchema }).parse({ email: form.get("email") });
    const user = await deactivateUser(getSystemDb(), actor, { email });
    revalidatePath("/admin/users");
    revalidatePath(`/admin/users/${user.id}`);
    return { error: null, notice: `Deactivated ${user.email}: their sessions ended and their API tokens stopped working.` };
  } catch (error) {
    return { ...actionError(error), notice: null };
  }
}

/** Revokes anyone's personal API token, e.g. one a script leaked. */
export async function revokeApiTokenAction(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    const token = await revokeApiToken(getSystemDb(), actor, { id: String(form.get("id") ?? "") });
    revalidatePath(`/admin/users/${token.userId}`);
  } catch (error) {
    return actionError(error);
  }
  return { error: null };
}
