import { Suspense } from "react";
import { GroupList } from "@/components/groups/group-list";
import { PageShell } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { can } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

/** The alert groups of the caller's tenants: the view (filters, sort) is the URL's, so it can be shared. */
export default async function GroupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) for (const v of [value ?? []].flat()) query.append(key, v);
  const caller = await pageCaller(query.size > 0 ? `/groups?${query}` : "/groups");
  return (
    <PageShell title="Triage" wide>
      <Suspense fallback={<p role="status">Loading groups…</p>}>
        <GroupList canTriage={can(caller, "triage")} />
      </Suspense>
    </PageShell>
  );
}
