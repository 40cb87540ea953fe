import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { publicBaseUrl } from "@/lib/server/public-base-url";

describe("publicBaseUrl", () => {
  it("prefers FALCONRY_PUBLIC_URL to whatever the request says", () => {
    const env = readEnv({ NODE_ENV: "test", FALCONRY_PUBLIC_URL: "https://falconry.example.com/" });
    expect(publicBaseUrl(env, new Headers({ origin: "http://127.0.0.1:3000" }))).toBe("https://falconry.example.com");
  });

  it("else uses the request's origin, then its host, then the local address", () => {
    const env = readEnv({ NODE_ENV: "test", PORT: "4000" });
    expect(publicBaseUrl(env, new Headers({ origin: "https://admin.example:8443", host: "ignored" }))).toBe("https://admin.example:8443");
    expect(publicBaseUrl(env, new Headers({ origin: "null", host: "10.0.0.5:3000" }))).toBe("http://10.0.0.5:3000");
    expect(publicBaseUrl(env, new Headers())).toBe("http://localhost:4000");
  });
});
