import { notFound } from "next/navigation";
import { PeriodPicker } from "@/components/overview/period-picker";
import { TenantHome } from "@/components/overview/tenant-home";
import { TenantSwitcher } from "@/components/overview/tenant-switcher";
import { PageShell } from "@/components/ui/page-shell";
import { periodQuery } from "@/lib/overview/overview-period";
import { pageCaller } from "@/lib/auth/page-caller";
import { AppError } from "@/lib/errors";
import { getTenantHome } from "@/lib/overview/tenant-home";
import { listVisibleTenants } from "@/lib/tenants/tenant-views";

export const dynamic = "force-dynamic";

/** A tenant's home: its posture in charts, each linking to the triage list filtered to it. */
export default async function TenantPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ period?: string | string[] }> }) {
  const { slug } = await params;
  const { period } = await searchParams;
  const caller = await pageCaller(`/t/${slug}`);
  const home = await getTenantHome(caller, slug, periodQuery(period)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const tenants = caller.scope === "all" || caller.scope.length > 1 ? await listVisibleTenants(caller) : [];
  return (
    <PageShell title={home.tenant.name} wide>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <PeriodPicker path={`/t/${home.tenant.slug}`} current={home.period.name} />
        {tenants.length > 1 ? <TenantSwitcher tenants={tenants} current={home.tenant.slug} period={home.period.name} /> : null}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">Namespaces: {home.tenant.namespaces.join(", ")}</p>
      <TenantHome home={home} />
    </PageShell>
  );
}
