import { publicUrl, type Env } from "@/lib/env";

/**
 * The address senders should post to: FALCONRY_PUBLIC_URL when set (behind a proxy, the address an
 * admin's browser uses need not be the one clusters reach), else the origin of the request.
 */
export function publicBaseUrl(env: Env, headers: Headers): string {
  if (env.FALCONRY_PUBLIC_URL) return env.FALCONRY_PUBLIC_URL;
  const origin = headers.get("origin");
  if (origin && origin !== "null" && URL.canParse(origin)) return new URL(origin).origin;
  const host = headers.get("host");
  if (host && URL.canParse(`http://${host}`)) return `http://${host}`;
  return publicUrl(env);
}
