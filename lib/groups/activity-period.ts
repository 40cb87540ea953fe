/*
 * The period that the group list's `periodCount` and sparklines cover. They are read from
 * alert_group_hourly, which counts by hour, so the period is widened to whole hours: `since`
 * rounded down, `until` (or now) rounded up. No I/O here.
 */

const hourMs = 3_600_000;
/** Without `since`, the list counts the hour now is in and the 23 before it. */
export const defaultPeriodHours = 24;
/** About this many bars per sparkline, whatever the period's length. */
const targetBuckets = 24;

export interface ActivityPeriod {
  /** The first whole hour counted. */
  from: Date;
  /** The end of the last whole hour counted (exclusive). */
  to: Date;
  /** Each bucket is this many hours, the first starting at `from`; the last may be cut short at `to`. */
  bucketHours: number;
  buckets: number;
}

const floorHour = (ms: number) => Math.floor(ms / hourMs) * hourMs;
const ceilHour = (ms: number) => Math.ceil(ms / hourMs) * hourMs;

/** A time's milliseconds, rounded up: Date.parse drops microseconds, and an `until` of 12:00:00.000001 must count the 12:00 hour. */
function ceilMs(text: string): number {
  const beyondMs = /\.\d{3}(\d+)/.exec(text)?.[1] ?? "";
  return Date.parse(text) + (/[1-9]/.test(beyondMs) ? 1 : 0);
}

/** The period of a list filtered by `since` and `until` (RFC 3339, as the filter schema leaves them). */
export function activityPeriod({ since, until }: { since?: string; until?: string }, now = new Date()): ActivityPeriod {
  const to = ceilHour(until === undefined ? now.getTime() : ceilMs(until));
  const from = since === undefined ? to - defaultPeriodHours * hourMs : floorHour(Date.parse(since));
  // `since` after `until` selects nothing: an empty period, not an error (the list is empty too)
  const hours = Math.max(0, (to - from) / hourMs);
  const bucketHours = Math.max(1, Math.round(hours / targetBuckets));
  return { from: new Date(from), to: new Date(Math.max(from, to)), bucketHours, buckets: Math.ceil(hours / bucketHours) };
}
