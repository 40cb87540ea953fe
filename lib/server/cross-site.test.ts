import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "@/lib/server/cross-site";

const url = "http://falconry.example/api/v1/tenants/a";
const allowed = ["https://falconry.example"];

function request(method: string, headers: Record<string, string>) {
  return { method, url, headers: new Headers(headers) };
}

describe("crossSiteRefusal", () => {
  it("lets reads through, whatever their origin", () => {
    expect(crossSiteRefusal(request("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }), allowed)).toBeNull();
  });

  it("lets same-origin changes through, by Origin or by Sec-Fetch-Site", () => {
    expect(crossSiteRefusal(request("POST", { origin: "https://falconry.example", cookie: "s=1" }), allowed)).toBeNull();
    expect(crossSiteRefusal(request("PATCH", { origin: "http://falconry.example", cookie: "s=1" }), allowed)).toBeNull();
    expect(crossSiteRefusal(request("POST", { "sec-fetch-site": "same-origin", cookie: "s=1" }), allowed)).toBeNull();
  });

  it("counts the host the browser addressed as this origin", () => {
    expect(crossSiteRefusal(request("POST", { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000", cookie: "s=1" }), allowed)).toBeNull();
    expect(crossSiteRefusal(request("POST", { origin: "http://evil.example", host: "127.0.0.1:3000", cookie: "s=1" }), allowed)).toMatch(/refused/);
  });

  it("refuses a forged or opaque Origin", () => {
    expect(crossSiteRefusal(request("POST", { origin: "https://evil.example" }), allowed)).toBe("origin: requests from https://evil.example are refused");
    expect(crossSiteRefusal(request("DELETE", { origin: "null", cookie: "s=1" }), allowed)).toMatch(/refused/);
  });

  it("refuses what the browser says is cross-site or same-site but another origin", () => {
    expect(crossSiteRefusal(request("POST", { "sec-fetch-site": "cross-site" }), allowed)).toMatch(/Sec-Fetch-Site: cross-site/);
    expect(crossSiteRefusal(request("POST", { "sec-fetch-site": "same-site", origin: "https://falconry.example" }), allowed)).toMatch(/same-site/);
  });

  it("refuses a change carrying a session cookie but no word on where it comes from", () => {
    expect(crossSiteRefusal(request("POST", { cookie: "session=abc" }), allowed)).toMatch(/must say where it comes from/);
  });

  it("lets scripts with a personal API token through: no cookie, no Origin", () => {
    expect(crossSiteRefusal(request("PATCH", { authorization: "Bearer fry_api_x" }), allowed)).toBeNull();
  });
});
