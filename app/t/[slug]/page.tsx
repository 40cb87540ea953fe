import { notFound } from "next/navigation";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { AppError } from "@/lib/errors";
import { findVisibleTenantWithRecentAlerts } from "@/lib/tenants/tenant-views";

export const dynamic = "force-dynamic";

/** A tenant's home. Charts and triage come with later issues; for now its newest alerts. */
export default async function TenantPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await pageCaller(`/t/${slug}`);
  const { tenant, alerts } = await findVisibleTenantWithRecentAlerts(caller, slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <PageShell title={tenant.name} wide>
      <p className="text-slate-600 dark:text-slate-400">Namespaces: {tenant.namespaces.join(", ")}</p>
      <Panel heading="Newest alerts">
        {alerts.length === 0 ? (
          <p>No alert yet. Alerts from the namespaces above appear here as soon as Falco sends them.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Priority</th>
                <th scope="col">Rule</th>
                <th scope="col">Namespace</th>
                <th scope="col">Output</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((alert) => (
                <tr key={alert.id} className="border-t border-slate-200 align-top dark:border-slate-800">
                  <td className="whitespace-nowrap pr-3">{alert.time.toISOString()}</td>
                  <td className="pr-3">{alert.priority}</td>
                  <td className="pr-3">{alert.rule}</td>
                  <td className="pr-3">{alert.namespace}</td>
                  <td className="break-all font-mono text-xs">{alert.output}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </PageShell>
  );
}
