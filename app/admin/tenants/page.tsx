import Link from "next/link";
import { CreateTenantForm } from "@/components/tenants/create-tenant-form";
import { UnassignedNamespaces } from "@/components/tenants/unassigned-namespaces";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { getSystemDb } from "@/lib/db";
import { listUnassignedNamespaces } from "@/lib/tenants/seen-namespaces";
import { listTenantSummaries } from "@/lib/tenants/tenant-summaries";

export const dynamic = "force-dynamic";

const unassignedShown = 200;

export default async function AdminTenantsPage() {
  await pageCaller("/admin/tenants", "admin");
  const db = getSystemDb();
  const [tenants, unassigned] = await Promise.all([listTenantSummaries(db), listUnassignedNamespaces(db, { limit: unassignedShown })]);
  return (
    <PageShell title="Tenants" wide>
      <Panel heading="All tenants">
        <p>
          A namespace belongs to the oldest tenant with a pattern that matches it, so tenants are listed
          oldest first.
        </p>
        {tenants.length === 0 ? (
          <p>No tenant yet: create the first below.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col" className="pr-3">Name</th>
                <th scope="col" className="pr-3">Slug</th>
                <th scope="col" className="pr-3">Namespace patterns</th>
                <th scope="col" className="text-right">Alerts</th>
              </tr>
            </thead>
            <tbody>
              {tenants.map((tenant) => (
                <tr key={tenant.id} className="border-t border-slate-200 align-top dark:border-slate-800">
                  <td className="py-1 pr-3">
                    <Link href={`/admin/tenants/${tenant.slug}`} className="font-medium underline">
                      {tenant.name}
                    </Link>
                  </td>
                  <td className="py-1 pr-3">{tenant.slug}</td>
                  <td className="break-all py-1 pr-3 font-mono text-xs">{tenant.namespaces.join(", ")}</td>
                  <td className="py-1 text-right tabular-nums">{tenant.alertCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel heading="Unassigned namespaces">
        <p>
          Namespaces seen whose alerts belong to no tenant, so that only all-tenant users see them; most alerts
          first{unassigned.length === unassignedShown ? `, the first ${unassignedShown} shown` : ""}.
        </p>
        <UnassignedNamespaces pairs={unassigned} tenants={tenants.map(({ slug, name }) => ({ slug, name }))} />
      </Panel>
      <Panel heading="New tenant">
        <CreateTenantForm />
      </Panel>
    </PageShell>
  );
}
