import type { ReactNode } from "react";

export interface TokenRow {
  id: string;
  label: string | null;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Ingest or API tokens: never the secret, only its last characters, use and status. */
export function TokenTable({ caption, tokens, actionsOf }: { caption: string; tokens: TokenRow[]; actionsOf: (token: TokenRow) => ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs">
        <caption className="sr-only">{caption}</caption>
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
              <td className="py-1">{token.revokedAt ? null : actionsOf(token)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
