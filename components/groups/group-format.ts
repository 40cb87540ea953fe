import type { UpdateResult } from "@/components/groups/group-api";

/** An RFC 3339 time as `2026-11-25 09:20:44 UTC`: one zone for everyone who reads the same group. */
export function formatTime(iso: string | null): string {
  if (!iso) return "";
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export const statusLabels: Record<string, string> = {
  open: "open",
  acknowledged: "acknowledged",
  resolved: "resolved",
  false_positive: "false positive",
};

/**
 * `N updated, K already so, M skipped (why)`: what a change did, each distinct reason for skipping
 * said once, and groups already as asked only when there were some.
 */
export function describeUpdate({ updated, unchanged, skipped }: UpdateResult): string {
  const reasons = [...new Set(skipped.map((s) => s.error))];
  const already = unchanged > 0 ? `, ${unchanged} already so` : "";
  return `${updated} updated${already}, ${skipped.length} skipped${reasons.length > 0 ? ` (${reasons.join("; ")})` : ""}`;
}

/** The identifying fields of a group as `key=value` text; null values are said as such. */
export function identityEntries(identity: Record<string, string | null>): Array<[string, string]> {
  return Object.entries(identity).map(([key, value]) => [key, value ?? "(none)"]);
}

/** A group's tenant, or which bucket holds a group of none. */
export function tenantLabel(group: { tenant: string | null; segment: string }): string {
  return group.tenant ?? (group.segment === "host" ? "(host)" : "(unassigned)");
}

const relativeUnits: Record<string, string> = { m: "minute", h: "hour", d: "day" };

/**
 * The period of the list's period count, named from the URL's since/until as written (a relative
 * `24h` stays "Last 24 hours"); without since, the API counts the last 24 hours (up to until).
 */
export function describePeriod({ since, until }: { since?: string; until?: string }): string {
  const relative = since === undefined ? null : /^(\d+)([mhd])$/.exec(since.trim());
  const named = (time: string) => (/^\d+[mhd]$/.test(time.trim()) ? `${time.trim()} ago` : formatTime(time));
  if (since === undefined) return until === undefined ? "Last 24 hours" : `24 hours to ${named(until)}`;
  if (relative && until === undefined) return `Last ${relative[1]} ${relativeUnits[relative[2]!]}${relative[1] === "1" ? "" : "s"}`;
  return until === undefined ? `Since ${named(since)}` : `${named(since)} to ${named(until)}`;
}
