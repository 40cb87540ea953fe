import { redirect } from "next/navigation";
import { oidcSignInAction } from "@/app/sign-in/actions";
import { SignInForm } from "@/components/auth/sign-in-form";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { oidcSignInName } from "@/lib/auth/auth";
import { currentCaller } from "@/lib/auth/current-caller";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";
import { describeSsoRefusal } from "@/lib/auth/sso-refusal";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string | string[] }> }) {
  const { next = "/", error } = await searchParams;
  // already signed in (in another tab, say): on to where the link was going
  if (await currentCaller()) redirect(safeRedirectPath(next));
  const sso = oidcSignInName();
  return (
    <PageShell title="Sign in to Falconry">
      <Panel heading="Email and password">
        <SignInForm next={next} />
      </Panel>
      {sso ? (
        <Panel heading="Single sign-on">
          {error ? <p role="alert">{describeSsoRefusal(error)}</p> : null}
          <form action={oidcSignInAction}>
            <input type="hidden" name="next" value={next} />
            <button type="submit" className="rounded border border-slate-300 px-4 py-2 text-sm font-medium dark:border-slate-700">
              Sign in with {sso}
            </button>
          </form>
        </Panel>
      ) : null}
    </PageShell>
  );
}
