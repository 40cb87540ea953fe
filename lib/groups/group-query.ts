import type { Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import type { GroupFilter } from "@/lib/groups/group-filters";
import { likePattern } from "@/lib/db/like-pattern";
import type { Tx } from "@/lib/db/prisma";
import { tenantIn } from "@/lib/db/scoped-db";

/*
 * The SQL the group list, the group page and bulk updates share: which groups a filter selects
 * within the caller's scope, and how a group is shown. Run inside scopedTransaction, so row-level
 * security filters every table again by the same scope.
 */

/** A timestamptz as RFC 3339 in UTC with all six fractional digits (a JS Date keeps three). */
export function isoTime(column: string): Prisma.Sql {
  return Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
}

/** The caller's groups, read in list order from the (tenant_id, last_seen, id) indexes for one tenant. */
export function scopeCondition(caller: Caller): Prisma.Sql {
  return tenantIn("g.tenant_id", caller.scope);
}

/**
 * `alert_groups g` with an alert no suppression rule matched: the groups the default list shows and
 * the triage backlog counts. The backlog's partial indexes (the open_group_indexes migration) hold
 * this condition, and PostgreSQL uses one only for a query that says it as they do.
 */
export const hasUnsuppressedAlerts = Prisma.sql`g.count > g.suppressed_count`;

/** Conditions on `alert_groups g` for the caller's scope and the filter. A tenant the caller cannot see is answered as missing. */
export async function filterConditions(tx: Tx, caller: Caller, filter: GroupFilter): Promise<Prisma.Sql[]> {
  const { tenant, row, search } = await filterSql(tx, caller, filter);
  return [...tenant, ...row, ...search];
}

export interface GroupFilterSql {
  /** The caller's scope and the filter's tenant. */
  tenant: Prisma.Sql[];
  /** The one tenant these confine the groups to, if any: its groups are read newest first from an index. */
  tenantId: string | null;
  /** Conditions on the group's columns that PostgreSQL's statistics can estimate. */
  row: Prisma.Sql[];
  /**
   * Those it cannot: what is kept beside the group (its namespaces, origins), its tags and text,
   * and its suppressed count against its count.
   */
  search: Prisma.Sql[];
  /** Whether the filter searches namespaces, origins, tags or text. */
  isSearch: boolean;
}

/** The filter's conditions, in the parts list-groups.ts plans with. */
export async function filterSql(tx: Tx, caller: Caller, filter: GroupFilter): Promise<GroupFilterSql> {
  const tenant = [scopeCondition(caller)];
  let tenantId = caller.scope !== "all" && caller.scope.length === 1 ? caller.scope[0]! : null;
  if (filter.tenant) {
    const found = await tx.tenant.findFirst({
      where: { slug: filter.tenant, ...(caller.scope === "all" ? {} : { id: { in: [...caller.scope] } }) },
      select: { id: true },
    });
    if (!found) throw new AppError("not_found", `tenant: no tenant "${filter.tenant}"`);
    tenant.push(Prisma.sql`g.tenant_id = ${found.id}::uuid`);
    tenantId = found.id;
  }
  const row: Prisma.Sql[] = [];
  const search: Prisma.Sql[] = [];
  // The namespace alone is found through the groups' namespaces; with a cluster or host, their
  // origins say whether they meet.
  if (filter.namespace !== undefined) {
    search.push(Prisma.sql`EXISTS (SELECT 1 FROM alert_group_namespaces n WHERE n.group_id = g.id AND n.namespace = ${filter.namespace})`);
  }
  if (filter.cluster !== undefined || filter.hostname !== undefined) {
    const where = [Prisma.sql`o.group_id = g.id`];
    if (filter.cluster !== undefined) where.push(Prisma.sql`o.cluster_id = (SELECT c.id FROM clusters c WHERE c.name = ${filter.cluster})`);
    if (filter.namespace !== undefined) where.push(Prisma.sql`o.namespace = ${filter.namespace}`);
    if (filter.hostname !== undefined) where.push(Prisma.sql`o.hostname = ${filter.hostname}`);
    search.push(Prisma.sql`EXISTS (SELECT 1 FROM alert_group_origins o WHERE ${Prisma.join(where, " AND ")})`);
  }
  if (filter.tag) search.push(Prisma.sql`g.tags @> ${filter.tag}::text[]`);
  if (filter.priority) {
    row.push(
      filter.priorityMatch === "exactly"
        ? Prisma.sql`g.max_priority = ${filter.priority}::priority`
        : Prisma.sql`g.max_priority >= ${filter.priority}::priority`,
    );
  }
  if (filter.rule !== undefined) row.push(Prisma.sql`g.rule = ${filter.rule}`);
  if (filter.source !== undefined) row.push(Prisma.sql`g.source = ${filter.source}`);
  if (filter.status) {
    // One status with `=`, so that the (tenant_id, status, last_seen, id) index keeps list order.
    const [only] = filter.status;
    row.push(filter.status.length === 1 ? Prisma.sql`g.status = ${only}::group_status` : Prisma.sql`g.status = ANY(${filter.status}::group_status[])`);
  }
  if (filter.assignee === "nobody") row.push(Prisma.sql`g.assignee_id IS NULL`);
  else if (filter.assignee === "me") row.push(Prisma.sql`g.assignee_id = ${caller.userId}::uuid`);
  else if (filter.assignee !== undefined) {
    row.push(Prisma.sql`g.assignee_id = (SELECT u.id FROM users u WHERE u.email = ${filter.assignee.toLowerCase()})`);
  }
  if (filter.q !== undefined) {
    const pattern = likePattern(filter.q);
    search.push(
      Prisma.sql`(g.rule ILIKE ${pattern} OR EXISTS (SELECT 1 FROM jsonb_each_text(g.identity) e WHERE e.value ILIKE ${pattern}))`,
    );
  }
  if (filter.suppressed === "exclude") search.push(hasUnsuppressedAlerts);
  else if (filter.suppressed === "only") row.push(Prisma.sql`g.suppressed_count > 0`);
  if (filter.since) row.push(Prisma.sql`g.last_seen >= ${filter.since}::timestamptz`);
  if (filter.until) row.push(Prisma.sql`g.last_seen < ${filter.until}::timestamptz`);
  const isSearch = [filter.namespace, filter.cluster, filter.hostname, filter.tag, filter.q].some((value) => value !== undefined);
  return { tenant, tenantId, row, search, isSearch };
}

export interface GroupRow {
  id: string;
  tenant: string | null;
  segment: string;
  cluster: string | null;
  namespace: string | null;
  rule: string;
  source: string;
  identity: Record<string, string | null>;
  priority: string;
  status: string;
  statusReason: string | null;
  statusChangedAt: string | null;
  regressedAt: string | null;
  assignee: string | null;
  count: string;
  firstSeen: string;
  lastSeen: string;
}

/**
 * Groups as shown, from `selected`: a query yielding rows of alert_groups as `g`, in `order`.
 * Cluster and namespace are those of the group's newest alert (a tenant's group may span several).
 */
export function showGroups(selected: Prisma.Sql, order: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT g.id::text AS id, t.slug AS tenant, g.segment::text AS segment, coalesce(gc.name, nc.name) AS cluster,
      newest.namespace, g.rule, g.source, g.identity, g.max_priority::text AS priority, g.status::text AS status,
      g.status_reason AS "statusReason", ${isoTime("g.status_changed_at")} AS "statusChangedAt",
      ${isoTime("g.regressed_at")} AS "regressedAt", u.email AS assignee, g.count::text AS count,
      ${isoTime("g.first_seen")} AS "firstSeen", ${isoTime("g.last_seen")} AS "lastSeen"
    FROM (${selected}) g
    LEFT JOIN tenants t ON t.id = g.tenant_id
    LEFT JOIN users u ON u.id = g.assignee_id
    LEFT JOIN clusters gc ON gc.id = g.cluster_id
    LEFT JOIN LATERAL (
      SELECT a.cluster_id, a.namespace FROM alerts a WHERE a.group_id = g.id ORDER BY a.time DESC, a.id DESC LIMIT 1
    ) newest ON true
    LEFT JOIN clusters nc ON nc.id = newest.cluster_id
    ORDER BY ${order}`;
}
