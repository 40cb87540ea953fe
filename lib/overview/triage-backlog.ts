import type { Tx } from "@/lib/db/prisma";

export interface TriageBacklog {
  /** Open groups by their highest priority. */
  openByPriority: Partial<Record<string, number>>;
  open: number;
  acknowledged: number;
  /** The open group seen first: the one waiting longest for someone. */
  oldestOpen: { id: string; rule: string; priority: string; firstSeen: string } | null;
}

/**
 * A tenant's open and acknowledged groups, as the default triage list counts them (groups with an
 * alert no suppression rule matched), in one pass over the tenant's entries of the backlog index.
 */
export async function readTriageBacklog(tx: Tx, tenantId: string): Promise<TriageBacklog> {
  const rows = await tx.$queryRaw<Array<{ status: string; priority: string; groups: number; oldest: Date }>>`
    SELECT g.status::text AS status, g.max_priority::text AS priority, count(*)::float8 AS groups, min(g.first_seen) AS oldest
    FROM alert_groups g
    WHERE g.tenant_id = ${tenantId}::uuid AND g.status IN ('open', 'acknowledged') AND g.count > g.suppressed_count
    GROUP BY 1, 2`;
  const backlog: TriageBacklog = { openByPriority: {}, open: 0, acknowledged: 0, oldestOpen: null };
  let oldest: { priority: string; at: Date } | null = null;
  for (const row of rows) {
    if (row.status === "acknowledged") {
      backlog.acknowledged += row.groups;
      continue;
    }
    backlog.open += row.groups;
    backlog.openByPriority[row.priority] = row.groups;
    if (!oldest || row.oldest < oldest.at) oldest = { priority: row.priority, at: row.oldest };
  }
  if (oldest) {
    const [group] = await tx.$queryRaw<Array<{ id: string; rule: string; firstSeen: Date }>>`
      SELECT g.id::text AS id, g.rule, g.first_seen AS "firstSeen"
      FROM alert_groups g
      WHERE g.tenant_id = ${tenantId}::uuid AND g.status = 'open' AND g.max_priority = ${oldest.priority}::priority
        AND g.count > g.suppressed_count
      ORDER BY g.first_seen, g.id
      LIMIT 1`;
    if (group) backlog.oldestOpen = { id: group.id, rule: group.rule, priority: oldest.priority, firstSeen: group.firstSeen.toISOString() };
  }
  return backlog;
}
