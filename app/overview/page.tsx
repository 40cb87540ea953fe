import { notFound } from "next/navigation";
import { CentralOverview } from "@/components/overview/central-overview";
import { PeriodPicker } from "@/components/overview/period-picker";
import { PageShell } from "@/components/ui/page-shell";
import { periodQuery } from "@/lib/overview/overview-period";
import { pageCaller } from "@/lib/auth/page-caller";
import { getCentralOverview, seesAllTenants } from "@/lib/overview/central-overview";

export const dynamic = "force-dynamic";

/** The central overview, for people who see every tenant; anyone else gets the page that does not exist. */
export default async function OverviewPage({ searchParams }: { searchParams: Promise<{ period?: string | string[] }> }) {
  const { period } = await searchParams;
  const caller = await pageCaller(typeof period === "string" ? `/overview?period=${encodeURIComponent(period)}` : "/overview");
  if (!seesAllTenants(caller)) notFound();
  const overview = await getCentralOverview(caller, periodQuery(period));
  return (
    <PageShell title="Overview" wide>
      <PeriodPicker path="/overview" current={overview.period.name} />
      <CentralOverview overview={overview} />
    </PageShell>
  );
}
