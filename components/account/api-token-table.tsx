import { revokeApiTokenAction } from "@/app/account/api-token-actions";
import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import { TokenTable, type TokenRow } from "@/components/ui/token-table";

export function ApiTokenTable({ tokens }: { tokens: TokenRow[] }) {
  if (tokens.length === 0) return <p>No API token yet.</p>;
  return (
    <TokenTable
      caption="Your API tokens"
      tokens={tokens}
      actionsOf={(token) => (
        <ConfirmedActionForm action={revokeApiTokenAction} id={token.id} summary="Revoke" confirmLabel={`Revoke token …${token.hint}`}>
          Scripts using …{token.hint} are refused from their next request on. This cannot be undone.
        </ConfirmedActionForm>
      )}
    />
  );
}
