import { describe, expect, it } from "vitest";
import { describeSparkline } from "@/components/groups/sparkline";

describe("describeSparkline", () => {
  it("says the bucket size, the period and every count", () => {
    expect(describeSparkline({ from: "2026-11-25T09:00:00.000Z", to: "2026-11-25T12:00:00.000Z", bucketHours: 1, counts: [0, 5, 2] })).toBe(
      "Alerts per hour from 2026-11-25 09:00:00 UTC to 2026-11-25 12:00:00 UTC: 0, 5, 2",
    );
    expect(describeSparkline({ from: "2026-11-20T00:00:00.000Z", to: "2026-11-27T00:00:00.000Z", bucketHours: 7, counts: [1] })).toMatch(/^Alerts per 7 hours from/);
  });
});
