/*
 * The page policy. Alert text is written by attackers (command lines, file and pod names), so the
 * browser runs only inline scripts carrying this response's nonce, which Next.js puts on its own
 * scripts when it finds the policy in the request headers (proxy.ts), and script files from this
 * origin (JSON answers cannot pass for scripts: nosniff). No inline style attributes are used,
 * so styles too need the nonce or this origin.
 */
export function contentSecurityPolicy(nonce: string, options: { isDev: boolean; signInOrigin?: string | null }): string {
  return [
    "default-src 'self'",
    // Next's chunks come from this origin. No 'strict-dynamic': with it, Chromium runs any script
    // element a running script creates, inline ones included, so markup that reached a script
    // gadget (anything turning HTML into nodes with createContextualFragment and the like) would
    // run. React's dev build needs eval.
    `script-src 'self' 'nonce-${nonce}'${options.isDev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // The single sign-on button's form is answered with a redirect to the provider, which the browser
    // checks against this too when the form is posted natively (no JavaScript yet, or none at all).
    `form-action 'self'${options.signInOrigin ? ` ${options.signInOrigin}` : ""}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Headers every answer carries besides the policy. Strict-Transport-Security only when people
 * reach Falconry over https: sent over http it would be ignored, and a browser that kept it would
 * refuse a deployment that serves http on purpose.
 */
export function securityHeaders(options: { isHttps: boolean }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    // Links to other sites learn nothing of Falconry's URLs, which name tenants and filters.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(options.isHttps ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** The OpenID Connect provider's origin, where its sign-in page is assumed to be; null without one. */
export function signInOriginOf(issuer: string | undefined): string | null {
  return issuer && URL.canParse(issuer) ? new URL(issuer).origin : null;
}

/** 128 random bits; Web Crypto, so that it runs wherever Next runs the proxy. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
