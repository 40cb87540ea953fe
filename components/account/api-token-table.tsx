import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import { TokenTable, type TokenRow } from "@/components/ui/token-table";
import type { ActionResult } from "@/lib/server/action-result";

/** Personal API tokens, each revocable through `revoke` (one's own, or an admin's for anyone's). */
export function ApiTokenTable({
  tokens,
  caption,
  revoke,
}: {
  tokens: TokenRow[];
  caption: string;
  revoke: (previous: ActionResult, form: FormData) => Promise<ActionResult>;
}) {
  if (tokens.length === 0) return <p>No API token yet.</p>;
  return (
    <TokenTable
      caption={caption}
      tokens={tokens}
      actionsOf={(token) => (
        <ConfirmedActionForm action={revoke} id={token.id} summary="Revoke" confirmLabel={`Revoke token …${token.hint}`}>
          Scripts using …{token.hint} are refused from their next request on. This cannot be undone.
        </ConfirmedActionForm>
      )}
    />
  );
}
