import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/lib/export/csv";

describe("csvCell", () => {
  it("neutralises what a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(\"http://evil.example\",\"x\")")).toBe("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
    for (const start of ["+", "-", "@", "\0"]) expect(csvCell(`${start}cmd|' /C calc'!A0`)).toBe(`'${start}cmd|' /C calc'!A0`);
    // some spreadsheets strip a leading tab or carriage return before looking for a formula
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("\r=1+1")).toBe("\"'\r=1+1\"");
    expect(csvCell("-1")).toBe("'-1");
    // a spreadsheet whose separator is `;` would start a cell after it
    expect(csvCell("sh -c x;=cmd|' /C calc'!A0")).toBe("\"sh -c x;=cmd|' /C calc'!A0\"");
  });

  it("quotes commas, semicolons, quotes, line breaks and edge spaces, and leaves the rest alone", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("a;b")).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell("plain text")).toBe("plain text");
    expect(csvCell(null)).toBe("");
  });
});

describe("csvRow", () => {
  it("joins cells and ends with CRLF", () => {
    expect(csvRow(["a", null, "=1+1"])).toBe("a,,'=1+1\r\n");
  });
});
