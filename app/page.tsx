import Link from "next/link";
import { currentCaller } from "@/lib/auth/current-caller";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { isSetupComplete } from "@/lib/setup/setup-tokens";
import { listVisibleTenants } from "@/lib/tenants/tenant-views";
import { Command, PageShell, Panel } from "@/components/ui/page-shell";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [hasAdministrator, caller] = await Promise.all([isSetupComplete(getDb()), currentCaller()]);
  const tenants = caller && !caller.mustChangePassword ? await listVisibleTenants(caller) : null;
  return (
    <PageShell title="Falconry">
      <p className="text-lg text-slate-600 dark:text-slate-400">
        Alert triage for Falco: every cluster&apos;s alerts, grouped, per tenant.
      </p>
      {hasAdministrator ? null : (
        <Panel heading="First access">
          <p>
            No administrator exists yet. When Falconry started, it printed a one-time setup link on its
            console, like this:
          </p>
          <Command>http://localhost:3000/setup?token=…</Command>
          <p>
            Open that link to create the first administrator. Lost it? Restart Falconry: it prints a new
            link and voids the old one.
          </p>
        </Panel>
      )}
      {tenants ? (
        <Panel heading="Your tenants">
          {tenants.length === 0 ? (
            <p>No tenant yet{caller && can(caller, "admin") ? ": create one under Tenants." : ": ask an administrator to give you access to one."}</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {tenants.map((tenant) => (
                <li key={tenant.id}>
                  <Link href={`/t/${tenant.slug}`} className="font-medium underline">
                    {tenant.name}
                  </Link>{" "}
                  <span className="text-slate-500">{tenant.namespaces.join(", ")}</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      ) : null}
      <Panel heading="Connect a cluster">
        <p>Create the cluster and an ingest token for it, then point Falcosidekick, Falco or Fluent Bit at Falconry:</p>
        <Command>{"npm run falconry -- clusters create prod-eu-1\nnpm run falconry -- tokens create --cluster prod-eu-1"}</Command>
        <p>The README has a ready-to-paste configuration for each sender.</p>
      </Panel>
    </PageShell>
  );
}
