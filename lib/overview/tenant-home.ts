import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { readAlertVolume } from "@/lib/overview/alert-volume";
import { listChangesSinceYesterday } from "@/lib/overview/daily-changes";
import { overviewPeriod, overviewQuerySchema } from "@/lib/overview/overview-period";
import { readSuppressedShare } from "@/lib/overview/suppressed-share";
import { listTopRules } from "@/lib/overview/top-rules";
import { listTopWorkloads } from "@/lib/overview/top-workloads";
import { readTriageBacklog } from "@/lib/overview/triage-backlog";
import { findTenantIn } from "@/lib/tenants/tenant-views";

/**
 * A tenant's posture for its home page (`overviewQuerySchema`: the period): alerts over time by
 * priority, top rules and workloads, the triage backlog, what changed since yesterday, what
 * suppression hid, and its newest alerts no suppression rule matched (as the alert list shows by
 * default). One transaction under the caller's scope: a tenant the caller cannot see is
 * answered as missing, and row-level security filters every read again.
 */
export async function getTenantHome(caller: Caller, slug: string, query: unknown, now = new Date()) {
  const { period: name } = overviewQuerySchema.parse(query);
  const period = overviewPeriod(name, now);
  return scopedTransaction(getDb(), caller.scope, async (tx) => {
    const tenant = await findTenantIn(tx, caller, slug);
    const owner = { tenantId: tenant.id };
    return {
      tenant: { slug: tenant.slug, name: tenant.name, namespaces: tenant.namespaces },
      period: { name, from: period.from.toISOString(), to: period.to.toISOString(), bucketHours: period.bucketHours },
      volume: await readAlertVolume(tx, owner, period),
      topRules: await listTopRules(tx, owner, period),
      topWorkloads: await listTopWorkloads(tx, tenant.id, period),
      backlog: await readTriageBacklog(tx, tenant.id),
      changes: await listChangesSinceYesterday(tx, tenant.id, now),
      suppression: await readSuppressedShare(tx, tenant.id, period),
      newestAlerts: (
        await tx.alert.findMany({
          where: { tenantId: tenant.id, suppressedBy: null },
          orderBy: [{ time: "desc" }, { id: "desc" }],
          take: 20,
          select: { id: true, groupId: true, time: true, rule: true, priority: true, namespace: true, output: true },
        })
      ).map((a) => ({ ...a, id: a.id.toString(), groupId: a.groupId.toString(), time: a.time.toISOString() })),
    };
  });
}

export type TenantHome = Awaited<ReturnType<typeof getTenantHome>>;
