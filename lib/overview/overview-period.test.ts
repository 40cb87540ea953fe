import { describe, expect, it } from "vitest";
import { bucketStarts, overviewPeriod } from "@/lib/overview/overview-period";

describe("overview periods", () => {
  const now = new Date("2026-11-25T09:41:12.345Z");

  it("count the last 24 hours by whole hours, the current one included", () => {
    const period = overviewPeriod("24h", now);
    expect(period).toMatchObject({ bucketHours: 1, buckets: 24 });
    expect(period.from.toISOString()).toBe("2026-11-24T10:00:00.000Z");
    expect(period.to.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    expect(period.previousFrom.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(period.wholeHoursTo.toISOString()).toBe("2026-11-25T09:00:00.000Z"); // trends compare up to here
    expect(bucketStarts(period)).toHaveLength(24);
  });

  it("count 7 and 30 days by UTC days, today included", () => {
    const week = overviewPeriod("7d", now);
    expect(week.from.toISOString()).toBe("2026-11-19T00:00:00.000Z");
    expect(week.to.toISOString()).toBe("2026-11-26T00:00:00.000Z");
    expect(bucketStarts(week)[6]).toBe("2026-11-25T00:00:00.000Z");
    expect(overviewPeriod("30d", now).from.toISOString()).toBe("2026-10-27T00:00:00.000Z");
  });
});
