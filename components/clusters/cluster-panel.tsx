import { CreateIngestTokenForm } from "@/components/clusters/create-ingest-token-form";
import { revokeIngestTokenAction } from "@/app/admin/clusters/actions";
import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import { Panel } from "@/components/ui/page-shell";
import type { ClusterWithTokens } from "@/lib/clusters/clusters";

/** One cluster: its ingest tokens, and the form that makes another. */
export function ClusterPanel({ cluster }: { cluster: ClusterWithTokens }) {
  return (
    <Panel heading={cluster.name}>
      <p className="text-sm text-slate-500">Created {cluster.createdAt.toISOString()}</p>
      {cluster.tokens.length === 0 ? (
        <p>No ingest token yet: create one below, then configure a sender with it.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Ingest tokens of {cluster.name}</caption>
            <thead>
              <tr>
                <th scope="col" className="pr-3">Label</th>
                <th scope="col" className="pr-3">Ends with</th>
                <th scope="col" className="pr-3">Created</th>
                <th scope="col" className="pr-3">Last used</th>
                <th scope="col" className="pr-3">Status</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {cluster.tokens.map((token) => (
                <tr key={token.id} className="border-t border-slate-200 align-top dark:border-slate-800">
                  <td className="py-1 pr-3">{token.label ?? <span className="text-slate-500">(none)</span>}</td>
                  <td className="py-1 pr-3 font-mono">…{token.hint}</td>
                  <td className="whitespace-nowrap py-1 pr-3">{token.createdAt.toISOString()}</td>
                  <td className="whitespace-nowrap py-1 pr-3">{token.lastUsedAt?.toISOString() ?? "never"}</td>
                  <td className="whitespace-nowrap py-1 pr-3">{token.revokedAt ? `revoked ${token.revokedAt.toISOString()}` : "active"}</td>
                  <td className="py-1">{token.revokedAt ? null : (
                      <ConfirmedActionForm action={revokeIngestTokenAction} id={token.id} summary="Revoke" confirmLabel={`Revoke token …${token.hint}`}>
                        Senders using …{token.hint} are refused from their next request on. This cannot be undone.
                      </ConfirmedActionForm>
                    )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateIngestTokenForm clusterName={cluster.name} />
    </Panel>
  );
}
