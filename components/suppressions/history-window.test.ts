import { describe, expect, it } from "vitest";
import { historyWindowDays, windowSince } from "@/components/suppressions/history-window";
import { previewSince } from "@/lib/suppressions/preview-suppression";

describe("the preview's history windows", () => {
  const now = Date.parse("2026-11-25T10:17:42.123Z");

  it("are each accepted by the API, the longest included, at any minute of the hour", () => {
    for (const days of historyWindowDays) {
      expect(previewSince(windowSince(days, now), now).toISOString()).toBe(windowSince(days, now));
    }
  });

  it("go no further back than the API allows", () => {
    const longest = Math.max(...historyWindowDays);
    const earlier = new Date(Date.parse(windowSince(longest, now)) - 1).toISOString();
    expect(() => previewSince(earlier, now)).toThrow(`since: at most ${longest} days back`);
  });
});
