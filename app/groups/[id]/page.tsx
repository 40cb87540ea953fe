import Link from "next/link";
import { notFound } from "next/navigation";
import { GroupDetailView } from "@/components/groups/group-detail";
import { PageShell } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getGroup } from "@/lib/groups/get-group";

export const dynamic = "force-dynamic";

/**
 * One alert group; a group outside the caller's tenants is the page that does not exist, like a
 * missing one. `?pod=` shows only its alerts from that pod (the API checks the value).
 */
export default async function GroupPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const { pod: podParam } = await searchParams;
  const pod = typeof podParam === "string" ? podParam : null;
  const caller = await pageCaller(`/groups/${encodeURIComponent(id)}${pod === null ? "" : `?${new URLSearchParams({ pod })}`}`);
  const group = await getGroup(caller, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <PageShell title={group.rule} wide>
      <Link href="/groups" className="text-sm underline">
        Back to the list
      </Link>
      <GroupDetailView initial={group} me={caller.email} canTriage={can(caller, "triage")} pod={pod} />
    </PageShell>
  );
}
