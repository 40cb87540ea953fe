import { ClusterPanel } from "@/components/clusters/cluster-panel";
import { CreateClusterForm } from "@/components/clusters/create-cluster-form";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";
import { listClustersWithTokens } from "@/lib/clusters/clusters";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export default async function ClustersPage() {
  await pageCaller("/admin/clusters", "admin");
  const clusters = await listClustersWithTokens(getDb());
  return (
    <PageShell title="Clusters" wide>
      <p className="text-slate-600 dark:text-slate-400">
        Every cluster sends its alerts with an ingest token of its own; an alert always belongs to its token&apos;s cluster.
      </p>
      <Panel heading="New cluster">
        <CreateClusterForm />
      </Panel>
      {clusters.length === 0 ? <p>No cluster yet: create the first one above.</p> : null}
      {clusters.map((cluster) => (
        <ClusterPanel key={cluster.id} cluster={cluster} />
      ))}
    </PageShell>
  );
}
