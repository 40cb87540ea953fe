import Link from "next/link";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { CreateUserForm } from "@/components/users/create-user-form";
import { pageCaller } from "@/lib/auth/page-caller";
import { getSystemDb } from "@/lib/db";
import { listTenants } from "@/lib/tenants/tenants";
import { listUsers } from "@/lib/users/users";

export const dynamic = "force-dynamic";

export default async function AdminUsersPage() {
  await pageCaller("/admin/users", "admin");
  const db = getSystemDb();
  const [users, tenants] = await Promise.all([listUsers(db), listTenants(db)]);
  return (
    <PageShell title="Users" wide>
      <Panel heading="People">
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col" className="pr-3">Email</th>
              <th scope="col" className="pr-3">Role</th>
              <th scope="col" className="pr-3">Tenants</th>
              <th scope="col" className="pr-3">Status</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-t border-slate-200 align-top dark:border-slate-800">
                <td className="break-all py-1 pr-3">
                  <Link href={`/admin/users/${user.id}`} className="font-medium underline">
                    {user.email}
                  </Link>
                </td>
                <td className="py-1 pr-3">{user.role}</td>
                <td className="py-1 pr-3">{user.allTenants ? "all tenants" : user.tenants.join(", ") || "none"}</td>
                <td className="py-1 pr-3">{user.deactivatedAt ? "deactivated" : "active"}</td>
                <td className="whitespace-nowrap py-1">{user.createdAt.toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel heading="New user">
        <CreateUserForm tenants={tenants.map(({ slug, name }) => ({ slug, name }))} />
      </Panel>
    </PageShell>
  );
}
