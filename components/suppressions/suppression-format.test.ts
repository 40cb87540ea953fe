import { describe, expect, it } from "vitest";
import { describeMatcher, describeScope, ruleState } from "@/components/suppressions/suppression-format";

describe("describeMatcher", () => {
  it("says each operator's matcher as text", () => {
    expect(describeMatcher({ field: "rule", op: "=", value: "Terminal shell" })).toBe("rule = Terminal shell");
    expect(describeMatcher({ field: "tags", op: "not in", value: ["a", "b"] })).toBe("tags not in [a, b]");
    expect(describeMatcher({ field: "proc.name", op: "exists" })).toBe("proc.name exists");
  });
});

describe("describeScope and ruleState", () => {
  it("names all tenants, and tells expired from scheduled", () => {
    expect(describeScope("all")).toBe("all tenants");
    expect(describeScope(["a", "b"])).toBe("a, b");
    const now = Date.parse("2026-12-01T00:00:00Z");
    expect(ruleState({ isActive: true, startsAt: null, endsAt: null }, now)).toBe("active");
    expect(ruleState({ isActive: false, startsAt: null, endsAt: "2026-11-30T00:00:00Z" }, now)).toBe("expired");
    expect(ruleState({ isActive: false, startsAt: "2026-12-02T00:00:00Z", endsAt: null }, now)).toBe("scheduled");
  });
});
