import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";
import { contentSecurityPolicy, newNonce, securityHeaders, signInOriginOf } from "@/lib/server/content-security-policy";

function directives(policy: string): Map<string, string> {
  return new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.slice(d.indexOf(" ") + 1)]));
}

describe("contentSecurityPolicy", () => {
  it("runs only script files from this origin and inline scripts with this response's nonce, and cannot be framed", () => {
    const policy = directives(contentSecurityPolicy("abc123", { isDev: false }));
    // not 'strict-dynamic', which lets any script element a running script creates run
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123'");
    expect(policy.get("style-src")).toBe("'self' 'nonce-abc123'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'none'");
    expect([...policy.values()].join(" ")).not.toContain("unsafe-inline");
  });

  it("allows eval only for React's development build", () => {
    expect(directives(contentSecurityPolicy("n", { isDev: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy("n", { isDev: false })).not.toContain("unsafe-eval");
  });

  it("lets forms go to this origin only, and to the single sign-on provider when there is one", () => {
    expect(directives(contentSecurityPolicy("n", { isDev: false })).get("form-action")).toBe("'self'");
    const signInOrigin = signInOriginOf("https://login.example.com/realms/acme/");
    expect(signInOrigin).toBe("https://login.example.com");
    expect(directives(contentSecurityPolicy("n", { isDev: false, signInOrigin })).get("form-action")).toBe("'self' https://login.example.com");
    expect(signInOriginOf(undefined)).toBeNull();
    expect(signInOriginOf("not a url")).toBeNull();
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    expect(Buffer.from([...nonces][0]!, "base64")).toHaveLength(16);
  });

  it("asks browsers to keep to https only when Falconry is reached over https", () => {
    expect(securityHeaders({ isHttps: true })["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ isHttps: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ isHttps: false })).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY" });
  });

  it("reads https from the public URL however it is written, and allows its origin only", () => {
    vi.stubEnv("FALCONRY_PUBLIC_URL", "HTTPS://Falconry.Example.com/");
    try {
      const post = (origin: string) => proxy(new NextRequest("http://10.0.0.5:3000/api/v1/groups", { method: "POST", headers: { origin } }));
      const allowed = post("https://falconry.example.com");
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get("Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
      expect(post("null").status).toBe(403);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
