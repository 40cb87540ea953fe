/*
 * Cross-site request refusal for everything that changes state (route handlers and server actions
 * alike; nothing changes on GET). Browsers say where a request comes from in Sec-Fetch-Site and
 * Origin; scripts using personal API tokens send neither, and no cookie either, so they cannot be
 * riding someone's session.
 */

/*
 * The host the browser addressed (a browser cannot forge Host) also counts as this origin: Falconry
 * answers on every name it is reached by (localhost, 127.0.0.1, a proxy's name).
 */
function isAddressedHost(origin: string, host: string | null): boolean {
  if (host === null || !URL.canParse(origin)) return false;
  return new URL(origin).host === host;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export interface RequestLike {
  method: string;
  url: string;
  headers: Headers;
}

/** Null when the request may proceed, else why it is refused. */
export function crossSiteRefusal(request: RequestLike, allowedOrigins: readonly string[]): string | null {
  if (safeMethods.has(request.method.toUpperCase())) return null;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") {
    return `origin: cross-site requests are refused (Sec-Fetch-Site: ${fetchSite})`;
  }
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const allowed = new Set([...allowedOrigins, new URL(request.url).origin]);
    return allowed.has(origin) || isAddressedHost(origin, request.headers.get("host")) ? null : `origin: requests from ${origin} are refused`;
  }
  if (fetchSite === null && request.headers.has("cookie")) {
    return "origin: a request carrying a session must say where it comes from (Origin)";
  }
  return null;
}
