import { describe, expect, it } from "vitest";
import { matchersToRows, rowsToMatchers, splitList } from "@/components/suppressions/matcher-rows";

describe("matcher rows", () => {
  it("split in/not in values on commas, give exists no value, keep other values as typed", () => {
    const rows = [
      { key: "1", field: " rule ", op: "=" as const, value: " Terminal shell" },
      { key: "2", field: "tags", op: "in" as const, value: "a, b,, c " },
      { key: "3", field: "proc.name", op: "not exists" as const, value: "ignored" },
    ];
    expect(rowsToMatchers(rows)).toEqual([
      { field: "rule", op: "=", value: " Terminal shell" },
      { field: "tags", op: "in", value: ["a", "b", "c"] },
      { field: "proc.name", op: "not exists" },
    ]);
    expect(splitList(" , ")).toEqual([]);
  });

  it("turn matchers back into rows the same rows would send", () => {
    const matchers = [
      { field: "namespace", op: "in" as const, value: ["x", "y"] },
      { field: "hostname", op: "exists" as const },
    ];
    expect(rowsToMatchers(matchersToRows(matchers))).toEqual(matchers);
  });
});
