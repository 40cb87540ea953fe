import { describe, expect, it } from "vitest";
import { formatTable } from "@/lib/cli/format-table";

describe("formatTable", () => {
  it("pads each column to its widest cell, two spaces apart", () => {
    const table = formatTable(
      ["NAME", "TENANT", "ALERTS"],
      [
        ["prod-eu-1", "payments", "12"],
        ["dev", "-", "3"],
      ],
    );
    expect(table).toBe(["NAME       TENANT    ALERTS", "prod-eu-1  payments  12", "dev        -         3"].join("\n"));
  });

  it("does not pad the last column", () => {
    const lines = formatTable(["ID", "DESCRIPTION"], [["1", "a much longer description"], ["2", "short"]]).split("\n");
    expect(lines).toEqual(["ID  DESCRIPTION", "1   a much longer description", "2   short"]);
    expect(lines.every((line) => line === line.trimEnd())).toBe(true);
  });

  it("prints the headers alone when there are no rows", () => {
    expect(formatTable(["A", "B"], [])).toBe("A  B");
  });

  it("shows control characters as escapes, so a cell can neither forge a row nor drive the terminal", () => {
    const forged = "nightly\nfake-id  admin@example.com";
    const table = formatTable(["LABEL", "STATUS"], [[forged, "active"], ["\x1b[2J\x1b]0;owned\x07\ttab\r\x7f\x9b", "active"]]);
    expect(table.split("\n")).toEqual([
      "LABEL                                   STATUS",
      "nightly\\nfake-id  admin@example.com     active",
      "\\x1b[2J\\x1b]0;owned\\x07\\ttab\\r\\x7f\\x9b  active",
    ]);
  });
});
