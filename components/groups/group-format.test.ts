import { describe, expect, it } from "vitest";
import { describeUpdate, formatTime, identityEntries } from "@/components/groups/group-format";

describe("describeUpdate", () => {
  it("says how many changed and how many were skipped, each reason once", () => {
    expect(describeUpdate({ updated: 2, skipped: [] })).toBe("2 updated, 0 skipped");
    expect(
      describeUpdate({
        updated: 0,
        skipped: [
          { id: "1", error: "reason: required to mark a group resolved" },
          { id: "2", error: "reason: required to mark a group resolved" },
          { id: "3", error: "status: already open" },
        ],
      }),
    ).toBe("0 updated, 3 skipped (reason: required to mark a group resolved; status: already open)");
  });
});

describe("formatTime and identityEntries", () => {
  it("show times in UTC to the second, and missing identity values as such", () => {
    expect(formatTime("2026-11-25T09:20:44.100200Z")).toBe("2026-11-25 09:20:44 UTC");
    expect(formatTime(null)).toBe("");
    expect(identityEntries({ executable: "/bin/sh", "container.image.repository": null })).toEqual([
      ["executable", "/bin/sh"],
      ["container.image.repository", "(none)"],
    ]);
  });
});
