import { maxLikeTheseGroups } from "@/components/suppressions/like-these";
import { NewSuppression } from "@/components/suppressions/new-suppression";
import { PageShell } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { can } from "@/lib/auth/permissions";
import { listVisibleTenants } from "@/lib/tenants/tenant-views";

export const dynamic = "force-dynamic";

/**
 * A new suppression rule, for analysts and admins (viewers get the page that does not exist).
 * `?groups=1,2` prefills it from those groups ("Suppress like these"); the API checks each id.
 */
export default async function NewSuppressionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { groups } = await searchParams;
  const groupIds = [...new Set((typeof groups === "string" ? groups : "").split(",").filter((id) => /^[1-9]\d{0,18}$/.test(id)))].slice(0, maxLikeTheseGroups);
  const caller = await pageCaller(groupIds.length > 0 ? `/suppressions/new?groups=${groupIds.join(",")}` : "/suppressions/new", "triage");
  const tenants = (await listVisibleTenants(caller)).map((tenant) => tenant.slug);
  return (
    <PageShell title="New suppression rule" wide>
      <NewSuppression groupIds={groupIds} tenants={tenants} isAdmin={can(caller, "admin")} />
    </PageShell>
  );
}
