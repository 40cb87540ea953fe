import { revokeApiTokenAction } from "@/app/account/api-token-actions";
import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import type { listApiTokens } from "@/lib/auth/api-tokens";

type ApiToken = Awaited<ReturnType<typeof listApiTokens>>[number];

export function ApiTokenTable({ tokens }: { tokens: ApiToken[] }) {
  if (tokens.length === 0) return <p>No API token yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs">
        <caption className="sr-only">Your API tokens</caption>
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
          {tokens.map((token) => (
            <tr key={token.id} className="border-t border-slate-200 align-top dark:border-slate-800">
              <td className="py-1 pr-3">{token.label ?? <span className="text-slate-500">(none)</span>}</td>
              <td className="py-1 pr-3 font-mono">…{token.hint}</td>
              <td className="whitespace-nowrap py-1 pr-3">{token.createdAt.toISOString()}</td>
              <td className="whitespace-nowrap py-1 pr-3">{token.lastUsedAt?.toISOString() ?? "never"}</td>
              <td className="whitespace-nowrap py-1 pr-3">{token.revokedAt ? `revoked ${token.revokedAt.toISOString()}` : "active"}</td>
              <td className="py-1">
                {token.revokedAt ? null : (
                  <ConfirmedActionForm action={revokeApiTokenAction} id={token.id} summary="Revoke" confirmLabel={`Revoke token …${token.hint}`}>
                    Scripts using …{token.hint} are refused from their next request on. This cannot be undone.
                  </ConfirmedActionForm>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
