import { clientIpHeader } from "@/lib/server/client-address";

/** Where a request came from, as the audit trail and sign-in throttling record it. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

export function requestContext(headers: Headers): RequestContext {
  return { ip: headers.get(clientIpHeader), userAgent: headers.get("user-agent") };
}
