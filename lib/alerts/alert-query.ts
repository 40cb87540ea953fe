import type postgres from "postgres";
import type { AlertFilter } from "@/lib/alerts/alert-filters";
import type { AlertItem } from "@/lib/alerts/alert-item";
import type { Caller } from "@/lib/auth/caller";
import { getSql } from "@/lib/db";
import { likePattern } from "@/lib/db/like-pattern";
import { scopedRows } from "@/lib/db/scoped-sql";
import { AppError } from "@/lib/errors";

/*
 * The SQL that the alert list and the export share. A filter's names (tenant slug, cluster name,
 * assignee) are first resolved to ids under the caller's scope, answering a tenant the caller
 * cannot see as missing; the conditions then need no lookups, so an export can check everything
 * before it starts streaming.
 */

type Sql = postgres.Sql | postgres.TransactionSql | postgres.ReservedSql;

export interface ResolvedAlertFilter extends AlertFilter {
  tenantId?: string;
  clusterId?: string | null;
  assigneeId?: string | null;
}

export async function resolveAlertFilter(caller: Caller, filter: AlertFilter): Promise<ResolvedAlertFilter> {
  if (!filter.tenant && !filter.cluster && (!filter.assignee || filter.assignee === "nobody")) return filter;
  const [ids] = await scopedRows(getSql(), caller.scope, (tx) => tx<{ tenantId: string | null; clusterId: string | null; assigneeId: string | null }[]>`
    SELECT (SELECT id FROM tenants WHERE slug = ${filter.tenant ?? null}) AS "tenantId",
           (SELECT id FROM clusters WHERE name = ${filter.cluster ?? null}) AS "clusterId",
           (SELECT id FROM users WHERE email = ${filter.assignee === "me" ? caller.email : (filter.assignee?.toLowerCase() ?? null)}) AS "assigneeId"`);
  const resolved: ResolvedAlertFilter = { ...filter, clusterId: ids?.clusterId ?? null, assigneeId: ids?.assigneeId ?? null };
  if (filter.tenant) {
    // Row-level security hides other tenants; the scope check says so again.
    const tenantId = ids?.tenantId;
    if (!tenantId || (caller.scope !== "all" && !caller.scope.includes(tenantId))) throw new AppError("not_found", `tenant: no tenant "${filter.tenant}"`);
    resolved.tenantId = tenantId;
  }
  return resolved;
}

/** `WHERE` conditions on `alerts a` joined to `alert_groups g`, within the caller's scope. */
export function alertConditions(sql: Sql, caller: Caller, filter: ResolvedAlertFilter): postgres.PendingQuery<postgres.Row[]> {
  // One tenant with `=`: its alerts are then read newest first from the (tenant_id, time, id)
  // index, where `= ANY(array)` would make PostgreSQL sort every alert of the tenant.
  const [onlyTenant] = caller.scope === "all" ? [] : caller.scope;
  const conditions = [
    caller.scope === "all" ? sql`true` : caller.scope.length === 1 ? sql`a.tenant_id = ${onlyTenant!}::uuid` : sql`a.tenant_id = ANY(${[...caller.scope]}::uuid[])`,
  ];
  if (filter.tenantId) conditions.push(sql`a.tenant_id = ${filter.tenantId}::uuid`);
  if (filter.cluster !== undefined) conditions.push(sql`a.cluster_id = ${filter.clusterId ?? null}::uuid`);
  if (filter.namespace !== undefined) conditions.push(sql`a.namespace = ${filter.namespace}`);
  if (filter.hostname !== undefined) conditions.push(sql`a.hostname = ${filter.hostname}`);
  if (filter.tag) conditions.push(sql`a.tags @> ${filter.tag}::text[]`);
  if (filter.priority) {
    conditions.push(filter.priorityMatch === "exactly" ? sql`a.priority = ${filter.priority}::priority` : sql`a.priority >= ${filter.priority}::priority`);
  }
  if (filter.rule !== undefined) conditions.push(sql`a.rule = ${filter.rule}`);
  if (filter.source !== undefined) conditions.push(sql`a.source = ${filter.source}`);
  if (filter.group !== undefined) conditions.push(sql`a.group_id = ${filter.group}::bigint`);
  if (filter.pod !== undefined) conditions.push(sql`a.pod_name = ${filter.pod}`);
  if (filter.status) conditions.push(sql`g.status = ANY(${filter.status}::group_status[])`);
  if (filter.assignee === "nobody") conditions.push(sql`g.assignee_id IS NULL`);
  else if (filter.assignee !== undefined) conditions.push(sql`g.assignee_id = ${filter.assigneeId ?? null}::uuid`);
  if (filter.q !== undefined) conditions.push(sql`(a.rule ILIKE ${likePattern(filter.q)} OR a.output ILIKE ${likePattern(filter.q)})`);
  if (filter.suppressed === "exclude") conditions.push(sql`a.suppressed_by IS NULL`);
  else if (filter.suppressed === "only") conditions.push(sql`a.suppressed_by IS NOT NULL`);
  if (filter.since) conditions.push(sql`a.time >= ${filter.since}::timestamptz`);
  if (filter.until) conditions.push(sql`a.time < ${filter.until}::timestamptz`);
  return conditions.reduce((all, condition) => sql`${all} AND ${condition}`);
}

/** An alert as read for lists and exports: its JSON fields as the stored text. */
export interface AlertRowShown extends AlertItem<string> {
  /** The sort key with microseconds, for the next page's cursor. */
  sortTime: string;
}

export const shownAlertColumns = (sql: Sql) => sql`
  a.id::text AS id, a.group_id::text AS "group", t.slug AS tenant, c.name AS cluster, a.namespace,
  a.hostname, a.source, a.rule, a.priority::text AS priority,
  to_char(a.time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || lpad(a.time_nanos::text, 3, '0') || 'Z' AS time,
  a.output, a.output_fields::text AS "outputFields", a.tags, a.labels::text AS labels, a.suppressed_by::text AS "suppressedBy",
  to_char(a.time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortTime"`;

export const shownAlertJoins = (sql: Sql) => sql`
  FROM alerts a
  JOIN alert_groups g ON g.id = a.group_id
  JOIN clusters c ON c.id = a.cluster_id
  LEFT JOIN tenants t ON t.id = a.tenant_id`;

/** Where a page ended: its last alert's sort time (microseconds) and id. */
export interface AlertPosition {
  time: string;
  id: string;
}

/**
 * Up to `limit` matching alerts after `after` (from the newest without it), newest first: one
 * short query in a transaction of its own under the caller's scope, so a page holds no connection
 * once read. Keyset on (time, id), which no change to an alert moves, so following pages reads
 * each alert once.
 */
export async function readAlertPage(caller: Caller, filter: ResolvedAlertFilter, after: AlertPosition | null, limit: number): Promise<AlertRowShown[]> {
  return scopedRows<AlertRowShown>(getSql(), caller.scope, (tx) => tx<AlertRowShown[]>`
    SELECT ${shownAlertColumns(tx)} ${shownAlertJoins(tx)}
    WHERE ${alertConditions(tx, caller, filter)}
      ${after ? tx`AND (a.time, a.id) < (${after.time}::timestamptz, ${after.id}::bigint)` : tx``}
    ORDER BY a.time DESC, a.id DESC
    LIMIT ${limit}`);
}

/** The position after `row`, for the next page. */
export function positionAfter(row: AlertRowShown): AlertPosition {
  return { time: row.sortTime, id: row.id };
}
