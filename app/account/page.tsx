import { revokeApiTokenAction } from "@/app/account/api-token-actions";
import { ApiTokenTable } from "@/components/account/api-token-table";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { CreateApiTokenForm } from "@/components/account/create-api-token-form";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { pageCaller } from "@/lib/auth/page-caller";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const caller = await pageCaller("/account");
  return (
    <PageShell title="Your account">
      <Panel heading="Password">
        {caller.mustChangePassword ? (
          <p role="status">You signed in with a one-time password. Choose your own to continue.</p>
        ) : null}
        <ChangePasswordForm />
      </Panel>
      {caller.mustChangePassword ? null : (
        <Panel heading="API tokens">
          <p>Personal API tokens let your scripts use Falconry&apos;s API with exactly your rights.</p>
          <ApiTokenTable tokens={await listApiTokens(getDb(), caller.userId)} caption="Your API tokens" revoke={revokeApiTokenAction} />
          <CreateApiTokenForm />
        </Panel>
      )}
    </PageShell>
  );
}
