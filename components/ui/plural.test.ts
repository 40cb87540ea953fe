import { describe, expect, it } from "vitest";
import { countOf } from "@/components/ui/plural";

describe("countOf", () => {
  it("says one thing in the singular and any other count in the plural", () => {
    expect(countOf(1, "alert")).toBe("1 alert");
    expect(countOf(0, "alert")).toBe("0 alerts");
    expect(countOf(2, "tenant")).toBe("2 tenants");
    expect(countOf(1, { one: "alert today", other: "alerts today" })).toBe("1 alert today");
    expect(countOf(3, { one: "alert today", other: "alerts today" })).toBe("3 alerts today");
    expect(countOf(2, { one: "suppressed", other: "suppressed" })).toBe("2 suppressed");
  });
});
