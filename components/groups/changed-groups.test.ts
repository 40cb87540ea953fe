import { describe, expect, it } from "vitest";
import { countChangedGroups } from "@/components/groups/changed-groups";

describe("countChangedGroups", () => {
  const shown = [
    { id: "1", count: "3", lastSeen: "2026-11-25T09:20:44.000Z", status: "open" },
    { id: "2", count: "7", lastSeen: "2026-11-25T08:00:00.000Z", status: "resolved" },
  ];

  it("counts nothing when the first page is what is shown", () => {
    expect(countChangedGroups(shown, shown)).toBe(0);
    expect(countChangedGroups([], shown)).toBe(0);
  });

  it("counts groups not shown", () => {
    expect(countChangedGroups([{ id: "9", count: "1", lastSeen: "2026-11-25T10:00:00.000Z", status: "open" }, ...shown], shown)).toBe(1);
  });

  it("counts shown groups that a new alert changed: count and last seen, and a resolved one reopened", () => {
    const fresh = [
      { id: "2", count: "8", lastSeen: "2026-11-25T10:00:00.000Z", status: "open" },
      { id: "1", count: "4", lastSeen: "2026-11-25T09:20:44.000Z", status: "open" },
    ];
    expect(countChangedGroups(fresh, shown)).toBe(2);
  });

  it("counts a shown group whose status someone else changed", () => {
    expect(countChangedGroups([{ ...shown[0]!, status: "acknowledged" }], shown)).toBe(1);
  });
});
