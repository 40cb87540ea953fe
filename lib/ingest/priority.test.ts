import { describe, expect, it } from "vitest";
import { parsePriority } from "@/lib/ingest/priority";

describe("parsePriority", () => {
  it("reads Falco's eight priorities", () => {
    const names = ["Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"];
    expect(names.map(parsePriority)).toEqual([
      "emergency",
      "alert",
      "critical",
      "error",
      "warning",
      "notice",
      "informational",
      "debug",
    ]);
  });

  it("ignores case", () => {
    expect(parsePriority("WARNING")).toBe("warning");
    expect(parsePriority("notice")).toBe("notice");
    expect(parsePriority("cRiTiCaL")).toBe("critical");
  });

  it("reads info as informational", () => {
    expect(parsePriority("info")).toBe("informational");
    expect(parsePriority("Info")).toBe("informational");
  });

  it("trims whitespace", () => {
    expect(parsePriority("  Error\n")).toBe("error");
  });

  it("returns undefined for anything else", () => {
    for (const text of ["", "fatal", "warn", "informationa", "Notice!", "1"]) {
      expect(parsePriority(text), text).toBeUndefined();
    }
  });
});
