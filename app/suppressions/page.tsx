import { SuppressionList } from "@/components/suppressions/suppression-list";
import { PageShell } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { can } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

/** The suppression rules of the caller's tenants and those for all tenants, active and expired. */
export default async function SuppressionsPage() {
  const caller = await pageCaller("/suppressions");
  return (
    <PageShell title="Suppression rules" wide>
      <SuppressionList canTriage={can(caller, "triage")} />
    </PageShell>
  );
}
