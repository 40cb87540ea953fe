import { z } from "zod";

/*
 * The periods the tenant home and the overview chart. They are read from alert_rollups, which
 * counts by hour and by UTC day, so a period is whole buckets: the last 24 hours are the hour now is
 * in and the 23 before it (hourly buckets); 7 and 30 days are today (UTC) and the days before it
 * (daily buckets). No I/O here, so the browser can import it.
 */

export const overviewPeriods = ["24h", "7d", "30d"] as const;
export type OverviewPeriodName = (typeof overviewPeriods)[number];

export const overviewQuerySchema = z.strictObject({
  period: z.enum(overviewPeriods, { error: "24h, 7d or 30d" }).default("7d").describe("24h (hourly buckets), 7d or 30d (UTC days)"),
});

export interface OverviewPeriod {
  name: OverviewPeriodName;
  /** The first bucket's start. */
  from: Date;
  /** The end of the last bucket (exclusive): the end of the current hour or UTC day. */
  to: Date;
  bucketHours: 1 | 24;
  buckets: number;
  /** The start of the period of the same length before this one, for trends. */
  previousFrom: Date;
  /**
   * The end of the period's whole hours so far (the start of the hour now is in): a trend compares
   * the period up to here with the period before up to the same point, as the hour not yet over
   * would make any period look quieter than a whole one.
   */
  wholeHoursTo: Date;
}

export const hourMs = 3_600_000;
const shape: Record<OverviewPeriodName, { bucketHours: 1 | 24; buckets: number }> = {
  "24h": { bucketHours: 1, buckets: 24 },
  "7d": { bucketHours: 24, buckets: 7 },
  "30d": { bucketHours: 24, buckets: 30 },
};

export function overviewPeriod(name: OverviewPeriodName, now = new Date()): OverviewPeriod {
  const { bucketHours, buckets } = shape[name];
  const bucketMs = bucketHours * hourMs;
  const to = Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs;
  const from = to - buckets * bucketMs;
  const wholeHoursTo = Math.floor(now.getTime() / hourMs) * hourMs;
  return { name, from: new Date(from), to: new Date(to), bucketHours, buckets, previousFrom: new Date(from - buckets * bucketMs), wholeHoursTo: new Date(wholeHoursTo) };
}

/** Each bucket's start, oldest first. */
export function bucketStarts(period: OverviewPeriod): string[] {
  return Array.from({ length: period.buckets }, (_, i) => new Date(period.from.getTime() + i * period.bucketHours * hourMs).toISOString());
}

/** A page's `?period=` as the query for the aggregates: anything but a known period means the default. */
export function periodQuery(value: string | string[] | undefined): { period?: OverviewPeriodName } {
  return typeof value === "string" && (overviewPeriods as readonly string[]).includes(value) ? { period: value as OverviewPeriodName } : {};
}
