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
});
