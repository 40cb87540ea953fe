import type { GroupItem } from "@/components/groups/group-api";

type Compared = Pick<GroupItem, "id" | "count" | "lastSeen" | "status">;

/**
 * How many groups of the list's first page as the API has it now (`fresh`) would show otherwise
 * than the rows being read (`shown`, every page loaded): those not shown at all, and those shown
 * with another count, last seen or status. A new alert of a shown group raises its count and last
 * seen, and reopens it if it was resolved; the row says none of it until the list is read again.
 */
export function countChangedGroups(fresh: readonly Compared[], shown: readonly Compared[]): number {
  const shownById = new Map(shown.map((group) => [group.id, group]));
  return fresh.filter((group) => {
    const row = shownById.get(group.id);
    return !row || row.count !== group.count || row.lastSeen !== group.lastSeen || row.status !== group.status;
  }).length;
}
