import { getDb } from "@/lib/db";
import { checkSetupToken } from "@/lib/setup/setup-tokens";
import { FirstAdminForm } from "@/components/setup/first-admin-form";
import { PageShell, Panel } from "@/components/ui/page-shell";

export const dynamic = "force-dynamic";

const messages = {
  valid: {
    heading: "Create the first administrator",
    text: "This setup link is valid. It works once: the account you create here will administer users, tenants and ingest tokens.",
  },
  invalid: {
    heading: "This setup link does not work",
    text: "It is mistyped, expired, or was replaced by a newer one. Restart Falconry to print a fresh link on its console.",
  },
  complete: {
    heading: "Setup is done",
    text: "The first administrator already exists. Ask an administrator for an account.",
  },
} as const;

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const state = typeof token === "string" && token !== "" ? await checkSetupToken(getDb(), token) : "invalid";
  const message = messages[state];
  return (
    <PageShell title="Falconry setup">
      <Panel heading={message.heading}>
        <p>{message.text}</p>
        {state === "valid" && typeof token === "string" ? <FirstAdminForm token={token} /> : null}
      </Panel>
    </PageShell>
  );
}
