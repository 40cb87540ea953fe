import { describe, expect, it } from "vitest";
import type { AlertItem } from "@/components/groups/alert-api";
import { alertFieldLinks, groupListHref } from "@/components/groups/group-links";

const alert: AlertItem = {
  id: "1",
  group: "2",
  tenant: "shop",
  cluster: "prod eu",
  namespace: "pay&ments",
  hostname: "node-1",
  source: "syscall",
  rule: "Terminal shell in container",
  priority: "critical",
  time: "2026-11-25T09:20:44.100200300Z",
  output: "…",
  outputFields: { cluster: "not the alert's own" },
  tags: ["T1059", "container"],
  labels: null,
  suppressedBy: null,
};

describe("groupListHref", () => {
  it("writes the filter as the list's query, every value escaped", () => {
    expect(groupListHref({ namespace: "pay&ments", cluster: "prod eu" })).toBe("/groups?namespace=pay%26ments&cluster=prod+eu");
  });
});

describe("alertFieldLinks", () => {
  it("links the alert's own fields that are list filters, a namespace with its cluster, tags one by one", () => {
    expect(alertFieldLinks("rule", alert)).toEqual([{ label: "Terminal shell in container", href: "/groups?rule=Terminal+shell+in+container" }]);
    expect(alertFieldLinks("priority", alert)).toEqual([{ label: "critical", href: "/groups?priority=critical" }]);
    expect(alertFieldLinks("namespace", alert)).toEqual([{ label: "pay&ments", href: "/groups?namespace=pay%26ments&cluster=prod+eu" }]);
    expect(alertFieldLinks("tags", alert)).toEqual([
      { label: "T1059", href: "/groups?tag=T1059" },
      { label: "container", href: "/groups?tag=container" },
    ]);
    expect(alertFieldLinks("tenant", alert)).toEqual([{ label: "shop", href: "/groups?tenant=shop" }]);
  });

  it("links nothing the list cannot filter by, nor a missing namespace or tenant", () => {
    expect(alertFieldLinks("output", alert)).toBeNull();
    expect(alertFieldLinks("time", alert)).toBeNull();
    expect(alertFieldLinks("namespace", { ...alert, namespace: null })).toBeNull();
    expect(alertFieldLinks("tenant", { ...alert, tenant: null })).toBeNull();
  });
});
