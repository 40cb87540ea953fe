import { describe, expect, it } from "vitest";
import { publicUrl, readEnv } from "@/lib/env";

/** readEnv of these variables alone. */
function envOf(variables: Record<string, string | undefined>) {
  return readEnv({ NODE_ENV: "test", ...variables });
}

describe("readEnv", () => {
  it("keeps FALCONRY_PUBLIC_URL as Falconry compares and joins it: lower-case scheme and host, no trailing slash", () => {
    const urlOf = (value: string) => publicUrl(envOf({ FALCONRY_PUBLIC_URL: value }));
    expect(urlOf("HTTPS://Falconry.Example.com/")).toBe("https://falconry.example.com");
    expect(urlOf("https://example.com/falconry/")).toBe("https://example.com/falconry");
    expect(urlOf("http://10.0.0.5:8080")).toBe("http://10.0.0.5:8080");
    expect(publicUrl(envOf({ PORT: "4000" }))).toBe("http://localhost:4000");
  });

  it("refuses a FALCONRY_PUBLIC_URL that is not http or https, naming it", () => {
    for (const value of ["localhost:3000", "ftp://falconry.example.com", "javascript:alert(1)", "falconry.example.com"]) {
      expect(() => envOf({ FALCONRY_PUBLIC_URL: value }), value).toThrow(
        "Environment variable FALCONRY_PUBLIC_URL: must be an http:// or https:// address",
      );
    }
  });

  it("refuses single sign-on configured in part, naming what is missing", () => {
    const oidc = { FALCONRY_OIDC_ISSUER: "https://login.example.com", FALCONRY_OIDC_CLIENT_ID: "falconry", FALCONRY_OIDC_CLIENT_SECRET: "s3cret" };
    const together = "Environment variables FALCONRY_OIDC_ISSUER, FALCONRY_OIDC_CLIENT_ID, FALCONRY_OIDC_CLIENT_SECRET go together (single sign-on)";
    expect(() => envOf({ ...oidc, FALCONRY_OIDC_CLIENT_SECRET: undefined })).toThrow(`${together}; missing: FALCONRY_OIDC_CLIENT_SECRET`);
    expect(() => envOf({ FALCONRY_OIDC_CLIENT_ID: "falconry" })).toThrow(`${together}; missing: FALCONRY_OIDC_ISSUER, FALCONRY_OIDC_CLIENT_SECRET`);
    expect(envOf(oidc)).toMatchObject(oidc);
    expect(envOf({})).not.toHaveProperty("FALCONRY_OIDC_ISSUER");
  });
});
