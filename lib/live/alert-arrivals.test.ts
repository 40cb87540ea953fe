import { describe, expect, it } from "vitest";
import { arrivalPayloads, concerns } from "@/lib/live/alert-arrivals";

describe("concerns", () => {
  const a = "00000000-0000-4000-8000-00000000000a";
  const b = "00000000-0000-4000-8000-00000000000b";

  it("tells a tenant's people of their tenant's alerts only", () => {
    expect(concerns([a], [a])).toBe(true);
    expect(concerns([b], [a])).toBe(false);
    expect(concerns([b, a], [a])).toBe(true);
  });

  it("tells unassigned and host-level arrivals to all-tenant people only", () => {
    expect(concerns([""], [a])).toBe(false);
    expect(concerns([""], "all")).toBe(true);
  });

  it("tells everyone when the notification could not name the tenants", () => {
    expect(concerns(null, [a])).toBe(true);
  });
});

describe("arrivalPayloads", () => {
  it("names every tenant, in as many payloads within the size as it takes", () => {
    const ids = Array.from({ length: 500 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const payloads = arrivalPayloads(ids);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.every((payload) => Buffer.byteLength(payload) <= 7_000)).toBe(true);
    expect(payloads.flatMap((payload) => JSON.parse(payload) as string[])).toEqual(ids);
    expect(arrivalPayloads(["", ids[0]!])).toEqual([JSON.stringify(["", ids[0]])]);
  });
});
