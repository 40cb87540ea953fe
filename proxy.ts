import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, securityHeaders, signInOriginOf } from "@/lib/server/content-security-policy";
import { readEnv } from "@/lib/env";
import { crossSiteRefusal } from "@/lib/server/cross-site";

/** Every answer gets the security headers and a fresh nonce; cross-site changes are refused first. */
export function proxy(request: NextRequest) {
  const { FALCONRY_PUBLIC_URL: publicUrl, FALCONRY_OIDC_ISSUER: issuer } = readEnv();
  const allowedOrigins = [publicUrl, request.nextUrl.origin].flatMap((url) => (url ? [new URL(url).origin] : []));
  // The public URL, not the request's: behind a proxy that ends TLS, requests arrive over http.
  const headers = securityHeaders({ isHttps: publicUrl?.startsWith("https://") ?? false });
  const refusal = crossSiteRefusal(request, allowedOrigins);
  if (refusal) return withHeaders(NextResponse.json({ error: refusal }, { status: 403 }), headers);

  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, {
    isDev: process.env.NODE_ENV === "development",
    signInOrigin: signInOriginOf(issuer),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return withHeaders(response, headers);
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
