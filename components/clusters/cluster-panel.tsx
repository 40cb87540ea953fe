import { CreateIngestTokenForm } from "@/components/clusters/create-ingest-token-form";
import { revokeIngestTokenAction } from "@/app/admin/clusters/actions";
import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import { Panel } from "@/components/ui/page-shell";
import { TokenTable } from "@/components/ui/token-table";
import type { ClusterWithTokens } from "@/lib/clusters/clusters";

/** One cluster: its ingest tokens, and the form that makes another. */
export function ClusterPanel({ cluster }: { cluster: ClusterWithTokens }) {
  return (
    <Panel heading={cluster.name}>
      <p className="text-sm text-slate-500">Created {cluster.createdAt.toISOString()}</p>
      {cluster.tokens.length === 0 ? (
        <p>No ingest token yet: create one below, then configure a sender with it.</p>
      ) : (
        <TokenTable
          caption={`Ingest tokens of ${cluster.name}`}
          tokens={cluster.tokens}
          actionsOf={(token) => (
            <ConfirmedActionForm action={revokeIngestTokenAction} id={token.id} summary="Revoke" confirmLabel={`Revoke token …${token.hint}`}>
              Senders using …{token.hint} are refused from their next request on. This cannot be undone.
            </ConfirmedActionForm>
          )}
        />
      )}
      <CreateIngestTokenForm clusterName={cluster.name} />
    </Panel>
  );
}
