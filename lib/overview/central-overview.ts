import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { AppError } from "@/lib/errors";
import { readAlertVolume } from "@/lib/overview/alert-volume";
import { listBlindSpots } from "@/lib/overview/blind-spots";
import { rankNoisyRules } from "@/lib/overview/noisy-rules";
import { overviewPeriod, overviewQuerySchema } from "@/lib/overview/overview-period";
import { listTenantPostures } from "@/lib/overview/tenant-postures";
import { listUnassignedVolume } from "@/lib/overview/unassigned-volume";

/** Whether the caller sees every tenant: the central overview is theirs alone. */
export function seesAllTenants(caller: Pick<Caller, "scope">): boolean {
  return caller.scope === "all";
}

/** The caller, if they see every tenant; otherwise the 401 or 403 to answer, as admin APIs do. */
export function requireAllTenants(caller: Caller | null): Caller {
  const reader = requirePermission(caller, "read");
  if (!seesAllTenants(reader)) throw new AppError("forbidden", "scope: the overview is for people who see every tenant");
  return reader;
}

/**
 * The central overview (`overviewQuerySchema`: the period): every tenant side by side, the noisiest
 * rules across tenants, where Falco may be blind or silent, and the namespaces no tenant claims.
 * For people who see every tenant, in one transaction under their scope.
 */
export async function getCentralOverview(caller: Caller, query: unknown, now = new Date()) {
  const { period: name } = overviewQuerySchema.parse(query);
  const period = overviewPeriod(name, now);
  return scopedTransaction(getDb(), caller.scope, async (tx) => ({
    period: { name, from: period.from.toISOString(), to: period.to.toISOString(), bucketHours: period.bucketHours },
    volume: await readAlertVolume(tx, "all", period),
    tenants: await listTenantPostures(tx, period),
    noisyRules: await rankNoisyRules(tx, period),
    blindSpots: await listBlindSpots(tx, period, now),
    unassigned: await listUnassignedVolume(tx),
  }));
}

export type CentralOverview = Awaited<ReturnType<typeof getCentralOverview>>;
