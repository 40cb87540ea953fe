import type { GroupStatus } from "@/lib/generated/prisma/enums.ts";

/*
 * The triage workflow: open -> acknowledged -> resolved | false_positive, open straight to either
 * closed status, and any closed group back to open. Closing says why. Acknowledging cannot be
 * undone by hand: a group leaves `acknowledged` by being closed.
 */

export const groupStatuses = ["open", "acknowledged", "resolved", "false_positive"] as const satisfies readonly GroupStatus[];

const closed: ReadonlySet<GroupStatus> = new Set(["resolved", "false_positive"]);

const allowed: Record<GroupStatus, readonly GroupStatus[]> = {
  open: ["acknowledged", "resolved", "false_positive"],
  acknowledged: ["resolved", "false_positive"],
  resolved: ["open"],
  false_positive: ["open"],
};

/** The reason a group that regressed carries. */
export const regressionReason = "regression: a new alert arrived after it was resolved";

export function isClosed(status: GroupStatus): boolean {
  return closed.has(status);
}

export type Transition = { status: GroupStatus; reason: string | null } | { error: string };

/** The group's new status and reason, or why it may not go there (`status: ...`, `reason: ...`). */
export function planTransition(from: GroupStatus, to: GroupStatus, reason?: string | null): Transition {
  const given = reason?.trim() || null;
  if (from === to) return { error: `status: already ${to}` };
  if (!allowed[from].includes(to)) {
    const options = allowed[from].join(" or ");
    return { error: `status: a group cannot go from ${from} to ${to} (from ${from}: ${options})` };
  }
  if (isClosed(to) && !given) return { error: `reason: required to mark a group ${to}` };
  return { status: to, reason: given };
}
