import { describe, expect, it } from "vitest";
import { parseNamespacePatterns, type TenantPatterns } from "@/lib/tenants/namespace-patterns";
import { previewNamespacePatterns, type SeenNamespace } from "@/lib/tenants/preview-namespace-patterns";

// Oldest first: payments claims before platform.
const tenants: TenantPatterns[] = [
  { tenantId: "payments", patterns: parseNamespacePatterns("prod-*/payments") },
  { tenantId: "platform", patterns: parseNamespacePatterns("*/kube-system,prod-eu-1/*") },
  { tenantId: "empty", patterns: [] },
];

const seen: SeenNamespace[] = [
  { cluster: "prod-eu-1", namespace: "payments", alertCount: 10, tenant: "payments" },
  { cluster: "prod-eu-1", namespace: "kube-system", alertCount: 7, tenant: "platform" },
  { cluster: "prod-eu-1", namespace: "checkout", alertCount: 3, tenant: "platform" },
  { cluster: "dev", namespace: "kube-system", alertCount: 2, tenant: "platform" },
  { cluster: "dev", namespace: "team-a", alertCount: 5, tenant: null },
  { cluster: "prod-us-2", namespace: "payments", alertCount: 1, tenant: "payments" },
];

function preview(tenant: string | null, patterns: string) {
  return previewNamespacePatterns({ tenants, tenant, patterns: parseNamespacePatterns(patterns), seen });
}

describe("previewNamespacePatterns for a new tenant", () => {
  it("claims the unassigned pairs its patterns match, with their alert counts", () => {
    expect(preview(null, "dev/team-*")).toEqual({
      claimed: [{ cluster: "dev", namespace: "team-a", alertCount: 5, tenant: null }],
      kept: [],
      released: [],
    });
  });

  it("claims nothing an existing tenant matches: a new tenant claims after all others", () => {
    const result = preview(null, "prod-eu-1/*");
    expect(result.claimed).toEqual([]);
    expect(result.kept.map((p) => [p.namespace, p.keptBy])).toEqual([
      ["checkout", "platform"],
      ["kube-system", "platform"],
      ["payments", "payments"],
    ]);
  });

  it("claims nothing when no pair seen so far matches", () => {
    expect(preview(null, "staging/*")).toEqual({ claimed: [], kept: [], released: [] });
  });
});

describe("previewNamespacePatterns for an existing tenant", () => {
  it("takes pairs from younger tenants that match them too, and says whose they are now", () => {
    const result = preview("payments", "prod-*/payments,prod-eu-1/checkout");
    expect(result.claimed).toEqual([
      { cluster: "prod-eu-1", namespace: "checkout", alertCount: 3, tenant: "platform" },
      { cluster: "prod-eu-1", namespace: "payments", alertCount: 10, tenant: "payments" },
      { cluster: "prod-us-2", namespace: "payments", alertCount: 1, tenant: "payments" },
    ]);
    expect(result.kept).toEqual([]);
    expect(result.released).toEqual([]);
  });

  it("leaves older tenants their pairs even when its patterns match them", () => {
    const result = preview("platform", "prod-eu-1/*,*/kube-system");
    expect(result.claimed.map((p) => `${p.cluster}/${p.namespace}`)).toEqual(["dev/kube-system", "prod-eu-1/checkout", "prod-eu-1/kube-system"]);
    expect(result.kept).toEqual([{ cluster: "prod-eu-1", namespace: "payments", alertCount: 10, tenant: "payments", keptBy: "payments" }]);
  });

  it("releases pairs it would no longer match: to the next tenant that matches them, or to no one", () => {
    expect(preview("payments", "prod-us-2/payments").released).toEqual([
      { cluster: "prod-eu-1", namespace: "payments", alertCount: 10, tenant: "payments", releasedTo: "platform" },
    ]);
    expect(preview("platform", "prod-eu-1/*").released).toEqual([
      { cluster: "dev", namespace: "kube-system", alertCount: 2, tenant: "platform", releasedTo: null },
    ]);
  });

  it("keeps the tenant's place in the claim order, even one with no pattern yet", () => {
    // "empty" is younger than both others, so it gets only what neither matches.
    const result = preview("empty", "*/*");
    expect(result.claimed.map((p) => `${p.cluster}/${p.namespace}`)).toEqual(["dev/team-a"]);
    expect(result.kept).toHaveLength(5);
  });
});
