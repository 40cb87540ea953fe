import Link from "next/link";
import { signOutAction } from "@/app/sign-in/actions";
import { currentCaller } from "@/lib/auth/current-caller";
import { can } from "@/lib/auth/permissions";

const adminLinks = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/tenants", label: "Tenants" },
  { href: "/admin/clusters", label: "Clusters" },
  { href: "/admin/audit", label: "Audit trail" },
];

/** Who is signed in, where they can go, and the way out. */
export async function AppHeader() {
  const caller = await currentCaller();
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3 text-sm">
        <Link href="/" className="font-semibold">
          Falconry
        </Link>
        {caller?.scope === "all" ? (
          <Link href="/overview" className="text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100">
            Overview
          </Link>
        ) : null}
        {caller ? (
          <Link href="/groups" className="text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100">
            Triage
          </Link>
        ) : null}
        {caller ? (
          <Link href="/suppressions" className="text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100">
            Suppressions
          </Link>
        ) : null}
        {caller && can(caller, "admin")
          ? adminLinks.map((link) => (
              <Link key={link.href} href={link.href} className="text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100">
                {link.label}
              </Link>
            ))
          : null}
        <span className="ml-auto" />
        {caller ? (
          <>
            <Link href="/account" className="text-slate-600 dark:text-slate-400">
              {caller.email} ({caller.role})
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="rounded border border-slate-300 px-3 py-1 dark:border-slate-700">
                Sign out
              </button>
            </form>
          </>
        ) : (
          <Link href="/sign-in">Sign in</Link>
        )}
      </nav>
    </header>
  );
}
