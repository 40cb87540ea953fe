import { describe, expect, it } from "vitest";
import { changedFields } from "@/components/suppressions/rule-edit";

describe("an edit of a rule", () => {
  const rule = {
    matchers: [
      { field: "rule", op: "=" as const, value: "Terminal shell" },
      { field: "proc.cmdline", op: "in" as const, value: ["sh -c echo a,b", "cron"] },
    ],
    tenants: ["web", "pay"],
    comment: "the nightly job",
    mode: "enforce" as const,
  };

  it("sends nothing of what is shown unchanged: matchers equal by value, tenants in any order", () => {
    const draft = { matchers: structuredClone(rule.matchers), tenants: ["pay", "web"], comment: "the nightly job ", mode: "enforce" as const };
    expect(changedFields(rule, draft)).toEqual({});
    expect(changedFields(rule, { ...draft, comment: "the nightly backup" })).toEqual({ comment: "the nightly backup" });
  });

  it("sends each field that differs", () => {
    const matchers = [rule.matchers[0]!, { field: "proc.cmdline", op: "in" as const, value: ["sh -c echo a,b"] }];
    expect(changedFields(rule, { matchers, tenants: ["web"], comment: rule.comment, mode: "shadow" })).toEqual({ matchers, tenants: ["web"], mode: "shadow" });
    expect(changedFields({ ...rule, tenants: "all" }, { ...rule, tenants: ["web", "pay"] })).toEqual({ tenants: ["web", "pay"] });
    expect(changedFields(rule, { ...rule, tenants: "all" })).toEqual({ tenants: "all" });
  });
});
