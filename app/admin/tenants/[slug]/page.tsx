import Link from "next/link";
import { notFound } from "next/navigation";
import { EditTenantPatternsForm } from "@/components/tenants/edit-tenant-patterns-form";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { getSystemDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findTenantSummary } from "@/lib/tenants/tenant-summaries";

export const dynamic = "force-dynamic";

export default async function AdminTenantPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await pageCaller(`/admin/tenants/${slug}`, "admin");
  const tenant = await findTenantSummary(getSystemDb(), slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <PageShell title={tenant.name}>
      <p className="text-slate-600 dark:text-slate-400">
        Tenant <span className="font-mono">{tenant.slug}</span>, {tenant.alertCount} alerts.{" "}
        <Link href={`/t/${tenant.slug}`} className="underline">
          Open its alerts
        </Link>
        {" · "}
        <Link href="/admin/tenants" className="underline">
          All tenants
        </Link>
      </p>
      <Panel heading="Namespace patterns">
        <p>
          Saving moves stored alerts at once: namespaces these patterns gain come to this tenant, unless an
          older tenant matches them too; namespaces they lose go to the next tenant that matches them, or
          become unassigned.
        </p>
        <EditTenantPatternsForm slug={tenant.slug} namespaces={tenant.namespaces.join(", ")} />
      </Panel>
    </PageShell>
  );
}
