"use server";

import { revalidatePath } from "next/cache";
import { countOf } from "@/components/ui/plural";
import { actionCaller } from "@/lib/auth/action-caller";
import { actorOf } from "@/lib/auth/caller";
import { getSystemDb, getSystemSql } from "@/lib/db";
import { actionError, type ActionResult } from "@/lib/server/action-result";
import { assignNamespaceSchema, assignNamespaceToTenant } from "@/lib/tenants/assign-namespace";
import { createTenant, createTenantSchema, updateTenantNamespaces, updateTenantNamespacesSchema } from "@/lib/tenants/tenants";

export interface TenantActionResult extends ActionResult {
  notice: string | null;
}

export interface CreateTenantResult extends TenantActionResult {
  /** Tenants created from this form so far: the patterns field starts afresh after each. */
  createdCount: number;
  /** What was sent, to fill the form again after a refusal. */
  values: { slug: string; name: string } | null;
}

export async function createTenantAction(previous: CreateTenantResult, form: FormData): Promise<CreateTenantResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    const input = createTenantSchema.parse({ slug: form.get("slug"), name: form.get("name"), namespaces: form.get("namespaces") });
    const { tenant, movedAlerts } = await createTenant(getSystemDb(), getSystemSql(), actor, input);
    revalidatePath("/admin/tenants");
    return {
      error: null,
      notice: `Created tenant ${tenant.name} (${tenant.slug}); ${countOf(movedAlerts, "stored alert")} now belong to it.`,
      createdCount: previous.createdCount + 1,
      values: null,
    };
  } catch (error) {
    const values = { slug: String(form.get("slug") ?? ""), name: String(form.get("name") ?? "") };
    return { ...actionError(error), notice: null, createdCount: previous.createdCount, values };
  }
}

export async function updateTenantNamespacesAction(_previous: TenantActionResult, form: FormData): Promise<TenantActionResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    const input = updateTenantNamespacesSchema.parse({ slug: form.get("slug"), namespaces: form.get("namespaces") });
    const { tenant, movedAlerts } = await updateTenantNamespaces(getSystemDb(), getSystemSql(), actor, input);
    revalidatePath("/admin/tenants");
    revalidatePath(`/admin/tenants/${tenant.slug}`);
    return { error: null, notice: `Saved the patterns of ${tenant.name}; ${countOf(movedAlerts, "stored alert")} moved.` };
  } catch (error) {
    return { ...actionError(error), notice: null };
  }
}

export async function assignNamespaceAction(_previous: TenantActionResult, form: FormData): Promise<TenantActionResult> {
  try {
    const actor = actorOf(await actionCaller("admin"));
    const input = assignNamespaceSchema.parse({ tenant: form.get("tenant") ?? "", cluster: form.get("cluster"), namespace: form.get("namespace") });
    const { tenant, movedAlerts } = await assignNamespaceToTenant(getSystemDb(), getSystemSql(), actor, input);
    revalidatePath("/admin/tenants");
    return { error: null, notice: `${input.cluster}/${input.namespace} now belongs to ${tenant.name} (${tenant.slug}); ${countOf(movedAlerts, "stored alert")} moved.` };
  } catch (error) {
    return { ...actionError(error), notice: null };
  }
}
