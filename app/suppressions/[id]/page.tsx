import Link from "next/link";
import { notFound } from "next/navigation";
import { SuppressionDetailView } from "@/components/suppressions/suppression-detail";
import { PageShell } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getSuppression } from "@/lib/suppressions/suppressions";
import { listVisibleTenants } from "@/lib/tenants/tenant-views";

export const dynamic = "force-dynamic";

/** One suppression rule; a rule of tenants the caller cannot see is the page that does not exist, like a missing one. */
export default async function SuppressionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await pageCaller(`/suppressions/${encodeURIComponent(id)}`);
  const rule = await getSuppression(caller, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const canTriage = can(caller, "triage");
  const tenants = canTriage ? (await listVisibleTenants(caller)).map((tenant) => tenant.slug) : [];
  return (
    <PageShell title={`Suppression rule #${rule.id}`} wide>
      <Link href="/suppressions" className="text-sm underline">
        Back to the rules
      </Link>
      <SuppressionDetailView initial={rule} canTriage={canTriage} isAdmin={can(caller, "admin")} tenants={tenants} />
    </PageShell>
  );
}
