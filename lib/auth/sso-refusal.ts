/** The code a deactivated person's OpenID Connect sign-in ends with (lib/auth/auth.ts). */
export const deactivatedRefusal = "account_deactivated";

/*
 * better-auth ends a refused OpenID Connect sign-in by sending the browser to /sign-in?error=<code>.
 * Anyone can craft that link, so the page shows one of these fixed sentences, never the code or a
 * description from the URL.
 */
const reasons: Readonly<Record<string, string>> = {
  // disableImplicitSignUp: the provider vouched for an email no Falconry account has.
  signup_disabled: "Falconry has no account for that email. Ask an administrator to create one.",
  [deactivatedRefusal]: "your Falconry account is deactivated.",
  email_not_found: "the provider did not tell Falconry your email.",
  access_denied: "the provider refused.",
  // The provider did not vouch for the email it gave: it cannot stand for a Falconry account.
  account_not_linked: "the provider has not verified your email.",
};

/** What to tell the person, for the `error` a refused single sign-on came back with. */
export function describeSsoRefusal(code: string | string[]): string {
  const known = [code].flat().find((c) => Object.hasOwn(reasons, c));
  return known ? `Single sign-on did not sign you in: ${reasons[known]}` : "Single sign-on did not sign you in. Try again, or ask an administrator.";
}
