import { describe, expect, it } from "vitest";
import { activityPeriod } from "@/lib/groups/activity-period";

const now = new Date("2026-11-30T21:07:40.123Z");
const shown = (period: ReturnType<typeof activityPeriod>) => ({ ...period, from: period.from.toISOString(), to: period.to.toISOString() });

describe("activityPeriod", () => {
  it("is the hour now is in and the 23 before it when no since is given, hour by hour", () => {
    expect(shown(activityPeriod({}, now))).toEqual({ from: "2026-11-29T22:00:00.000Z", to: "2026-11-30T22:00:00.000Z", bucketHours: 1, buckets: 24 });
  });

  it("widens since and until to whole hours", () => {
    expect(shown(activityPeriod({ since: "2026-11-25T10:30:00Z", until: "2026-11-25T12:00:00.000001Z" }, now))).toEqual({
      from: "2026-11-25T10:00:00.000Z",
      to: "2026-11-25T13:00:00.000Z",
      bucketHours: 1,
      buckets: 3,
    });
    // an until on the hour is already whole: it is exclusive
    expect(shown(activityPeriod({ since: "2026-11-25T00:00:00Z", until: "2026-11-26T00:00:00Z" }, now))).toMatchObject({ bucketHours: 1, buckets: 24 });
    // until alone: the 24 hours before it
    expect(shown(activityPeriod({ until: "2026-11-25T10:00:00+02:00" }, now))).toMatchObject({ from: "2026-11-24T08:00:00.000Z", to: "2026-11-25T08:00:00.000Z" });
  });

  it("keeps about 24 buckets over long periods, the last one cut short at the end", () => {
    expect(activityPeriod({ since: "2026-11-23T21:07:40Z" }, now)).toMatchObject({ bucketHours: 7, buckets: 25 });
    expect(activityPeriod({ since: "2026-10-31T21:07:40Z" }, now)).toMatchObject({ bucketHours: 30, buckets: 25 });
    expect(activityPeriod({ since: "2026-11-30T20:07:40Z" }, now)).toMatchObject({ bucketHours: 1, buckets: 2 });
  });

  it("is empty when since is after until", () => {
    const period = activityPeriod({ since: "2026-11-26T00:00:00Z", until: "2026-11-25T00:00:00Z" }, now);
    expect(period).toMatchObject({ buckets: 0 });
    expect(period.to).toEqual(period.from);
  });
});
