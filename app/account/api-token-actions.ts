"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, createApiTokenSchema, revokeOwnApiToken, revokeApiTokenSchema } from "@/lib/auth/api-tokens";
import { actionCaller } from "@/lib/auth/action-caller";
import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { actionError, type ActionResult } from "@/lib/server/action-result";

export interface CreateApiTokenResult extends ActionResult {
  /** This answer is the only place the token ever appears. */
  created: { token: string; hint: string } | null;
}

/** A token for the signed-in person's own scripts: it can never have more rights than they do. */
export async function createApiTokenAction(_previous: CreateApiTokenResult, form: FormData): Promise<CreateApiTokenResult> {
  try {
    const caller = await actionCaller("read");
    const input = createApiTokenSchema.parse({ email: caller.email, label: form.get("label") ?? undefined });
    const { token, record } = await createApiToken(getDb(), actorOf(caller), input);
    revalidatePath("/account");
    return { error: null, created: { token, hint: record.hint } };
  } catch (error) {
    return { ...actionError(error), created: null };
  }
}

export async function revokeApiTokenAction(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  try {
    const caller = await actionCaller("read");
    const { id } = revokeApiTokenSchema.parse({ id: form.get("id") });
    await revokeOwnApiToken(getDb(), actorOf(caller), { id, ownerId: caller.userId });
  } catch (error) {
    return actionError(error);
  }
  revalidatePath("/account");
  return { error: null };
}
