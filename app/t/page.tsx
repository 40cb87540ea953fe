import { notFound, redirect } from "next/navigation";
import { periodQuery } from "@/lib/overview/overview-period";

export const dynamic = "force-dynamic";

/** Where the Tenant selector's form leads: the chosen tenant's home, for the period it was on (that page checks who may see it). */
export default async function TenantChoicePage({ searchParams }: { searchParams: Promise<{ tenant?: string | string[]; period?: string | string[] }> }) {
  const { tenant, period } = await searchParams;
  if (typeof tenant !== "string" || tenant === "") notFound();
  const chosen = periodQuery(period).period;
  redirect(`/t/${encodeURIComponent(tenant)}${chosen ? `?period=${chosen}` : ""}`);
}
