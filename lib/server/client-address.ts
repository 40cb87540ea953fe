/**
 * The request header carrying the client's address to Falconry's code. Next.js does not expose the
 * socket, so Falconry's own server (start-server.ts) sets this on every request, replacing any a
 * client sent.
 */
export const clientIpHeader = "x-falconry-client-ip";

export interface ClientAddressInput {
  /** The TCP peer: the client itself, or the nearest reverse proxy. */
  socketAddress: string | undefined;
  /** X-Forwarded-For as Node.js received it (repeated headers are joined, or kept as a list). */
  forwardedFor: string | string[] | undefined;
  /** How many reverse proxies stand in front of Falconry (FALCONRY_TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
}

/**
 * The client's address. Each proxy appends the address it received the request from to
 * X-Forwarded-For, so with N proxies in front the client is the Nth entry from the right; entries
 * further left are whatever the client wrote and are never trusted. A header shorter than that
 * means the request did not come through all the proxies: the socket's address is used.
 */
export function clientAddress({ socketAddress, forwardedFor, trustedProxyHops }: ClientAddressInput): string {
  const fallback = socketAddress ?? "unknown";
  if (trustedProxyHops <= 0 || forwardedFor === undefined) return fallback;
  const entries = [forwardedFor]
    .flat()
    .flatMap((header) => header.split(","))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  return entries[entries.length - trustedProxyHops] ?? fallback;
}
