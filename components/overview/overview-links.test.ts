import { describe, expect, it } from "vitest";
import { groupsLink } from "@/components/overview/overview-links";

describe("chart links", () => {
  it("lead to the triage list with the element's filters, leaving out what is unset", () => {
    expect(groupsLink({ tenant: "payments", priority: "critical", priorityMatch: "exactly", since: "2026-11-25T00:00:00.000Z" })).toBe(
      "/groups?tenant=payments&priority=critical&priorityMatch=exactly&since=2026-11-25T00%3A00%3A00.000Z",
    );
    expect(groupsLink({ rule: "Terminal shell in container", namespace: undefined })).toBe("/groups?rule=Terminal+shell+in+container");
    expect(groupsLink({})).toBe("/groups");
  });
});
