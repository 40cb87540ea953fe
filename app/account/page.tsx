import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { pageCaller } from "@/lib/auth/page-caller";

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
    </PageShell>
  );
}
