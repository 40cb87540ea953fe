"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { actionCaller } from "@/lib/auth/action-caller";
import { actorOf } from "@/lib/auth/caller";
import { createCluster, createClusterSchema } from "@/lib/clusters/clusters";
import { createIngestToken, createIngestTokenSchema, revokeIngestToken, revokeIngestTokenSchema } from "@/lib/clusters/ingest-tokens";
import { senderSnippets, type SenderSnippet } from "@/lib/clusters/sender-snippets";
import { getDb } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { actionError, type ActionResult } from "@/lib/server/action-result";
import { publicBaseUrl } from "@/lib/server/public-base-url";

export interface CreateIngestTokenResult extends ActionResult {
  /** The new token and its senders' configuration: this answer is the only place it ever appears. */
  created: { token: string; hint: string; snippets: SenderSnippet[] } | null;
}

export async function createClusterAction(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    await createCluster(getDb(), actor, createClusterSchema.parse({ name: form.get("name") }));
  } catch (error) {
    return actionError(error);
  }
  revalidatePath("/admin/clusters");
  return { error: null };
}

export async function createIngestTokenAction(_previous: CreateIngestTokenResult, form: FormData): Promise<CreateIngestTokenResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    const input = createIngestTokenSchema.parse({ clusterName: form.get("clusterName"), label: form.get("label") ?? undefined });
    const { token, record } = await createIngestToken(getDb(), actor, input);
    const baseUrl = publicBaseUrl(readEnv(), await headers());
    revalidatePath("/admin/clusters");
    return { error: null, created: { token, hint: record.hint, snippets: senderSnippets({ baseUrl, token }) } };
  } catch (error) {
    return { ...actionError(error), created: null };
  }
}

export async function revokeIngestTokenAction(_previous: ActionResult, form: FormData): Promise<ActionResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    await revokeIngestToken(getDb(), actor, revokeIngestTokenSchema.parse({ id: form.get("id") }));
  } catch (error) {
    return actionError(error);
  }
  revalidatePath("/admin/clusters");
  return { error: null };
}
