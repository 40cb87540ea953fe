// Never served: only a base to resolve `next` against and compare origins with.
const origin = "http://falconry.invalid";

/**
 * Where to send the browser after signing in: `next` comes from the URL, so an attacker may choose
 * it. Only a path on this site survives; anything else, or anything the URL parser would read
 * differently from how it looks (control characters, which it strips), becomes "/".
 */
export function safeRedirectPath(next: unknown): string {
  if (typeof next !== "string" || next === "" || /[\u0000-\u001f\u007f]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  // "/.//evil" resolves to the path "//evil", which a browser reads as another host.
  if (url.origin !== origin || url.pathname.startsWith("//")) return "/";
  return url.pathname + url.search + url.hash;
}
