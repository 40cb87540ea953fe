import { describe, expect, it } from "vitest";
import { clientIpHeader } from "@/lib/server/client-address";
import { requestContext } from "@/lib/server/request-context";

describe("requestContext", () => {
  it("reads the address Falconry's server set and the user agent", () => {
    const headers = new Headers({ [clientIpHeader]: "203.0.113.7", "user-agent": "curl/8", "x-forwarded-for": "6.6.6.6" });
    expect(requestContext(headers)).toEqual({ ip: "203.0.113.7", userAgent: "curl/8" });
  });

  it("is null for what the request does not carry", () => {
    expect(requestContext(new Headers())).toEqual({ ip: null, userAgent: null });
  });
});
