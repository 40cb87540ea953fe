import { describe, expect, it } from "vitest";
import { filterQuery, readGroupListView } from "@/components/groups/group-list-params";

describe("readGroupListView", () => {
  it("keeps the filters and the sort from the URL, drops empty values, cursors and unknown keys", () => {
    const view = readGroupListView(new URLSearchParams("priority=warning&priorityMatch=exactly&status=open,acknowledged&q=&sort=count&cursor=abc&utm=x"));
    expect(view).toMatchObject({
      isValid: true,
      query: "priority=warning&priorityMatch=exactly&status=open%2Cacknowledged&sort=count",
      filter: { priority: "warning", priorityMatch: "exactly", status: "open,acknowledged" },
    });
  });

  it("keeps where alerts came from and their tags: cluster, namespace, host, source, tag", () => {
    const view = readGroupListView(new URLSearchParams("cluster=prod&namespace=payments&hostname=node-1&source=syscall&tag=T1059,container"));
    expect(view).toMatchObject({
      isValid: true,
      filter: { cluster: "prod", namespace: "payments", hostname: "node-1", source: "syscall", tag: "T1059,container" },
    });
  });

  it("keeps a relative time as written, so a shared view stays relative", () => {
    const view = readGroupListView(new URLSearchParams("since=24h"));
    expect(view).toMatchObject({ isValid: true, query: "since=24h", filter: { since: "24h" } });
  });

  it("says what is wrong with a URL the API would refuse, with the API's schema", () => {
    const view = readGroupListView(new URLSearchParams("priority=urgent&sort=oldest"));
    expect(view.isValid).toBe(false);
    expect(!view.isValid && view.error).toContain("priority: one of debug");
    expect(!view.isValid && view.error).toContain("sort:");
  });
});

describe("filterQuery", () => {
  it("writes a filter back as query parameters, a list as repeated ones", () => {
    expect(filterQuery({ tenant: "shop", status: ["open", "resolved"] })).toBe("tenant=shop&status=open&status=resolved");
    expect(filterQuery({})).toBe("");
  });
});
