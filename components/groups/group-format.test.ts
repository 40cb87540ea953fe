import { describe, expect, it } from "vitest";
import { describePeriod, describeUpdate, formatTime, identityEntries } from "@/components/groups/group-format";

describe("describeUpdate", () => {
  it("says how many changed, were already so and were skipped, each reason once", () => {
    expect(describeUpdate({ updated: 2, unchanged: 0, skipped: [] })).toBe("2 updated, 0 skipped");
    expect(describeUpdate({ updated: 0, unchanged: 1, skipped: [] })).toBe("0 updated, 1 already so, 0 skipped");
    expect(
      describeUpdate({
        updated: 0,
        unchanged: 0,
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

describe("describePeriod", () => {
  it("names the period of the list's period count as the URL has it", () => {
    expect(describePeriod({})).toBe("Last 24 hours");
    expect(describePeriod({ since: "7d" })).toBe("Last 7 days");
    expect(describePeriod({ since: "1h" })).toBe("Last 1 hour");
    expect(describePeriod({ since: "2026-11-25T09:00:00Z" })).toBe("Since 2026-11-25 09:00:00 UTC");
    expect(describePeriod({ since: "2026-11-25T09:00:00Z", until: "2026-11-26T09:00:00Z" })).toBe("2026-11-25 09:00:00 UTC to 2026-11-26 09:00:00 UTC");
    expect(describePeriod({ since: "7d", until: "1d" })).toBe("7d ago to 1d ago");
    expect(describePeriod({ until: "2026-11-26T09:00:00Z" })).toBe("24 hours to 2026-11-26 09:00:00 UTC");
  });
});
