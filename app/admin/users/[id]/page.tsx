import Link from "next/link";
import { notFound } from "next/navigation";
import { revokeApiTokenAction } from "@/app/admin/users/actions";
import { ApiTokenTable } from "@/components/account/api-token-table";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { DeactivateUserForm } from "@/components/users/deactivate-user-form";
import { EditUserForm } from "@/components/users/edit-user-form";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { pageCaller } from "@/lib/auth/page-caller";
import { getSystemDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listTenants } from "@/lib/tenants/tenants";
import { findUser } from "@/lib/users/users";

export const dynamic = "force-dynamic";

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await pageCaller(`/admin/users/${id}`, "admin");
  const db = getSystemDb();
  const [user, tenants, tokens] = await Promise.all([findUser(db, id), listTenants(db), listApiTokens(db, id)]).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const isSelf = user.id === caller.userId;
  return (
    <PageShell title={user.email}>
      <p className="text-slate-600 dark:text-slate-400">
        {user.role}, {user.allTenants ? "all tenants" : user.tenants.join(", ") || "no tenant"};{" "}
        {user.deactivatedAt ? `deactivated ${user.deactivatedAt.toISOString()}` : "active"}; created {user.createdAt.toISOString()}
        {user.mustChangePassword ? "; has not chosen their own password yet" : ""}.{" "}
        <Link href="/admin/users" className="underline">
          All users
        </Link>
      </p>
      <Panel heading="Role and tenants">
        {isSelf ? <p>This is you: another administrator must change your role.</p> : null}
        <EditUserForm
          email={user.email}
          access={{ role: user.role, allTenants: user.allTenants, tenants: user.tenants }}
          tenants={tenants.map(({ slug, name }) => ({ slug, name }))}
        />
      </Panel>
      <Panel heading="API tokens">
        <ApiTokenTable tokens={tokens} caption={`API tokens of ${user.email}`} revoke={revokeApiTokenAction} />
      </Panel>
      <Panel heading="Deactivate">
        {user.deactivatedAt ? (
          <p>Deactivated {user.deactivatedAt.toISOString()}: they cannot sign in, and their API tokens do not work.</p>
        ) : (
          <>
            {isSelf ? <p>This is you: another administrator must deactivate you.</p> : null}
            <DeactivateUserForm email={user.email} />
          </>
        )}
      </Panel>
    </PageShell>
  );
}
