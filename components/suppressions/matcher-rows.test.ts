import { describe, expect, it } from "vitest";
import { joinList, matchersToRows, rowsToMatchers, splitList } from "@/components/suppressions/matcher-rows";

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

  it("give back a saved list exactly, values with commas, backslashes and spaces included, until its text is changed", () => {
    const matchers = [
      { field: "proc.cmdline", op: "in" as const, value: ["sh -c echo a,b", "cron"] },
      { field: "rule", op: "not in" as const, value: ["Write below etc, root", "C:\\temp\\", "a\\,b", "\\\\share", " padded ", ""] },
    ];
    const rows = matchersToRows(matchers);
    expect(rows[0]!.value).toBe("sh -c echo a\\,b, cron");
    expect(rowsToMatchers(rows)).toEqual(matchers);
    // the text alone reads the same, spaces around a value aside
    expect(splitList(rows[1]!.value)).toEqual(["Write below etc, root", "C:\\temp\\", "a\\,b", "\\\\share", "padded"]);

    const edited = rows.map((row) => ({ ...row, value: `${row.value}, more` }));
    expect(rowsToMatchers(edited).map((matcher) => matcher.value)).toEqual([
      ["sh -c echo a,b", "cron", "more"],
      ["Write below etc, root", "C:\\temp\\", "a\\,b", "\\\\share", "padded", "more"],
    ]);
  });

  it("read \\, as a comma within a typed value, and other backslashes as written", () => {
    expect(splitList("sh -c echo a\\,b, cron, C:\\temp")).toEqual(["sh -c echo a,b", "cron", "C:\\temp"]);
    expect(splitList("ends in a backslash\\\\, next")).toEqual(["ends in a backslash\\", "next"]);
    expect(joinList(["C:\\temp"])).toBe("C:\\temp");
  });
});
