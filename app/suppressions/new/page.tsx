import { NewSuppression } from "@/components/suppressions/new-suppression";
import { PageShell } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { can } from "@/lib/auth/permissions";
import { maxLikeTheseGroups } from "@/lib/suppressions/like-these";
import { readLikeThese } from "@/lib/suppressions/read-like-these";
import { listVisibleTenants } from "@/lib/tenants/tenant-views";

export const dynamic = "force-dynamic";

/**
 * A new suppression rule, for analysts and admins (viewers get the page that does not exist).
 * `?groups=1,2` prefills it from what those groups have in common ("Suppress like these").
 */
export default async function NewSuppressionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { groups } = await searchParams;
  const groupIds = [...new Set((typeof groups === "string" ? groups : "").split(",").filter(Boolean))].slice(0, maxLikeTheseGroups);
  const caller = await pageCaller(groupIds.length > 0 ? `/suppressions/new?${new URLSearchParams({ groups: groupIds.join(",") })}` : "/suppressions/new", "triage");
  const tenants = (await listVisibleTenants(caller)).map((tenant) => tenant.slug);
  const likeThese = groupIds.length > 0 ? await readLikeThese(caller, groupIds) : undefined;
  return (
    <PageShell title="New suppression rule" wide>
      <NewSuppression tenants={tenants} isAdmin={can(caller, "admin")} likeThese={likeThese} />
    </PageShell>
  );
}
