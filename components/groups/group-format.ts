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

/** `N updated, M skipped (why)`: what a change did, each distinct reason for skipping said once. */
export function describeUpdate({ updated, skipped }: UpdateResult): string {
  const reasons = [...new Set(skipped.map((s) => s.error))];
  return `${updated} updated, ${skipped.length} skipped${reasons.length > 0 ? ` (${reasons.join("; ")})` : ""}`;
}

/** The identifying fields of a group as `key=value` text; null values are said as such. */
export function identityEntries(identity: Record<string, string | null>): Array<[string, string]> {
  return Object.entries(identity).map(([key, value]) => [key, value ?? "(none)"]);
}

/** A group's tenant, or which bucket holds a group of none. */
export function tenantLabel(group: { tenant: string | null; segment: string }): string {
  return group.tenant ?? (group.segment === "host" ? "(host)" : "(unassigned)");
}
