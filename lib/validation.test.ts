import { describe, expect, it } from "vitest";
import { formatPath, pathOfNul } from "@/lib/validation";

describe("pathOfNul", () => {
  it("names where a NUL is, in a value or a key, and nothing where there is none", () => {
    expect(formatPath(pathOfNul({ set: { status: "resolved", reason: "fixed\u0000" } })!)).toBe("set.reason");
    expect(formatPath(pathOfNul({ ids: ["1", "2\u0000"] })!)).toBe("ids[1]");
    expect(formatPath(pathOfNul({ matchers: { "proc\u0000name": "sh" } })!)).toBe('matchers["proc\\u0000name"]');
    expect(pathOfNul("body\u0000")).toEqual([]);
    expect(pathOfNul({ set: { status: "open" }, ids: [1, null, true] })).toBeNull();
  });

  it("walks a body nested far deeper than the call stack reaches", () => {
    let deep: unknown = "x\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(pathOfNul(deep)).toHaveLength(100_000);
  });
});
