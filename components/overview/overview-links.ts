/*
 * Where each chart element leads: the triage list (/groups) filtered to it, with the list's own
 * parameters (lib/groups/group-filters.ts). No I/O here.
 */

export interface GroupsFilter {
  tenant?: string;
  priority?: string;
  priorityMatch?: "exactly";
  rule?: string;
  source?: string;
  cluster?: string;
  namespace?: string;
  hostname?: string;
  q?: string;
  status?: string;
  since?: string;
  until?: string;
  suppressed?: "include" | "only";
}

export function groupsLink(filter: GroupsFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== "") params.set(key, value);
  return params.size === 0 ? "/groups" : `/groups?${params}`;
}

/** Falco's priorities, highest first, as charts stack and list them. */
export const prioritiesHighFirst = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"] as const;

export const priorityColor = (priority: string) => `var(--chart-${priority})`;
