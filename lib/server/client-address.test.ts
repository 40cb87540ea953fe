import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/server/client-address";

const socketAddress = "10.0.0.9";

describe("clientAddress", () => {
  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress({ socketAddress, forwardedFor: "203.0.113.7", trustedProxyHops: 0 })).toBe(socketAddress);
    expect(clientAddress({ socketAddress, forwardedFor: undefined, trustedProxyHops: 0 })).toBe(socketAddress);
  });

  it("behind one proxy, is the address that proxy appended, not one the client wrote before it", () => {
    expect(clientAddress({ socketAddress, forwardedFor: "203.0.113.7", trustedProxyHops: 1 })).toBe("203.0.113.7");
    expect(clientAddress({ socketAddress, forwardedFor: "1.1.1.1, 203.0.113.7", trustedProxyHops: 1 })).toBe("203.0.113.7");
  });

  it("behind two proxies, is the second entry from the right", () => {
    expect(clientAddress({ socketAddress, forwardedFor: "6.6.6.6,203.0.113.7, 10.0.0.5", trustedProxyHops: 2 })).toBe("203.0.113.7");
  });

  it("reads repeated headers as one list, in order", () => {
    expect(clientAddress({ socketAddress, forwardedFor: ["6.6.6.6", "203.0.113.7, 10.0.0.5"], trustedProxyHops: 2 })).toBe("203.0.113.7");
  });

  it("falls back to the socket's address when the header has fewer entries than there are proxies", () => {
    expect(clientAddress({ socketAddress, forwardedFor: "10.0.0.5", trustedProxyHops: 2 })).toBe(socketAddress);
    expect(clientAddress({ socketAddress, forwardedFor: undefined, trustedProxyHops: 1 })).toBe(socketAddress);
    expect(clientAddress({ socketAddress, forwardedFor: " , ", trustedProxyHops: 1 })).toBe(socketAddress);
    expect(clientAddress({ socketAddress: undefined, forwardedFor: undefined, trustedProxyHops: 1 })).toBe("unknown");
  });
});
