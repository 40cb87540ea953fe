import type { Sql } from "@/lib/db/sql";
import { groupKeyOf, type GroupBucket } from "@/lib/ingest/fingerprint";
import { regressionActor } from "@/lib/ingest/store-alerts";
import { loadTenantPatterns } from "@/lib/tenants/load-tenant-patterns";
import { createTenantResolver } from "@/lib/tenants/namespace-patterns";
import { regressionReason } from "@/lib/triage/transitions";

export const RESEGMENT_LOCK = 0x52_45_53_47; // "RESG"

/** Who the audit trail says moved a group's alerts to another group when tenants changed. */
export const resegmentActor = "falconry (re-segmentation)";

interface Pair {
  clusterId: string;
  clusterName: string;
  namespace: string;
  tenantId: string | null;
  hasMisplacedAlerts: boolean;
}

/**
 * Brings stored alerts in line with the tenants' current patterns: every (cluster, namespace) pair
 * whose tenant changed moves, with its alerts, into the groups of its new tenant (or of its
 * cluster's unassigned bucket). Groups keep their fingerprint; groups left empty are removed, their
 * notes moving to the group their alerts went to. Each move is a `group.move` audit row on the group
 * the alerts went to, naming the group and tenant they left, so that the history of the groups before
 * it can be found (audit rows cannot be rewritten to the new id). Alerts keep their suppression only
 * where the rule that hid them applies.
 * Idempotent, so any replica may run it again to catch alerts written with an outdated mapping; and
 * each move is decided again under the lock, on the patterns as they are then, so a run that read
 * older patterns cannot undo a newer one's moves. Returns the number of alerts moved.
 */
export async function resegmentAlerts(sql: Sql): Promise<number> {
  const pairs = await sql<Pair[]>`
    SELECT n.cluster_id AS "clusterId", c.name AS "clusterName", n.namespace, n.tenant_id AS "tenantId",
      n.has_misplaced_alerts AS "hasMisplacedAlerts"
    FROM cluster_namespaces n JOIN clusters c ON c.id = n.cluster_id`;
  const tenantOf = createTenantResolver(await loadTenantPatterns(sql));
  let moved = 0;
  for (const pair of pairs) {
    if (pair.hasMisplacedAlerts || tenantOf(pair.clusterName, pair.namespace) !== pair.tenantId) moved += await moveNamespace(sql, pair);
  }
  return moved;
}

async function moveNamespace(sql: Sql, { clusterId, clusterName, namespace }: Pair): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${RESEGMENT_LOCK})`;
    const tenantId = createTenantResolver(await loadTenantPatterns(tx))(clusterName, namespace);
    const [current] = await tx<{ tenantId: string | null; hasMisplacedAlerts: boolean; alertCount: string }[]>`
      SELECT tenant_id AS "tenantId", has_misplaced_alerts AS "hasMisplacedAlerts", alert_count::text AS "alertCount"
      FROM cluster_namespaces WHERE cluster_id = ${clusterId} AND namespace = ${namespace}`;
    // moved meanwhile, by a run that knew newer patterns
    if (!current || (current.tenantId === tenantId && !current.hasMisplacedAlerts)) return 0;
    const bucket: GroupBucket = tenantId ? { segment: "tenant", tenantId } : { segment: "unassigned", clusterId };
    // the groups of the alerts not in the tenant yet: a group of that tenant holds none of them
    const groups = await tx<{ id: string; fingerprint: Buffer }[]>`
      SELECT g.id, g.fingerprint FROM alert_groups g
      WHERE g.id IN (SELECT DISTINCT group_id FROM alerts
        WHERE cluster_id = ${clusterId} AND namespace = ${namespace} AND tenant_id IS DISTINCT FROM ${tenantId}::uuid)`;
    const moves = groups.map((g) => ({ from: g.id, key: groupKeyOf(bucket, g.fingerprint.toString("hex")) }));
    const movesJson = JSON.stringify(moves);
    // The assignees of the groups the alerts leave are held (FOR SHARE) before any group is, as
    // triage holds an assignee (lib/groups/update-groups.ts): a change taking the new tenant from
    // one of them commits before the copy below reads them, or waits for this to commit and then
    // unassigns them from the group made here (lib/users/users.ts).
    await tx`
      SELECT FROM users
      WHERE id IN (SELECT assignee_id FROM alert_groups WHERE id IN (SELECT (m->>'from')::bigint FROM jsonb_array_elements((${movesJson}::text)::jsonb) m))
      ORDER BY id FOR SHARE`;
    // An alert `a` stays suppressed if the rule that hid it applies where it goes; the rule of
    // another tenant would hide it from people who cannot see, or expire, that rule.
    const keptSuppression = tx`(
      SELECT r.id FROM suppression_rules r
      WHERE r.id = a.suppressed_by AND (r.all_tenants OR ${tenantId}::uuid = ANY(r.tenant_ids)))`;
    const created = await tx<{ key: string }[]>`
      INSERT INTO alert_groups (key, fingerprint, segment, tenant_id, cluster_id, rule, source, identity,
        first_seen, last_seen, max_priority)
      SELECT decode(m.key, 'hex'), g.fingerprint, ${bucket.segment}::segment, ${tenantId}::uuid,
        ${tenantId ? null : clusterId}::uuid, g.rule, g.source, g.identity, g.first_seen, g.last_seen, g.max_priority
      FROM jsonb_to_recordset((${movesJson}::text)::jsonb) AS m("from" bigint, key text)
      JOIN alert_groups g ON g.id = m."from"
      ORDER BY m.key
      ON CONFLICT (key) DO NOTHING
      RETURNING encode(key, 'hex') AS key`;
    // Lock old and new groups together in key order, as ingest does, so neither waits on the other
    // in a cycle.
    const locked = await tx<{ id: string; key: string }[]>`
      SELECT id, encode(key, 'hex') AS key FROM alert_groups
      WHERE id IN (SELECT (m->>'from')::bigint FROM jsonb_array_elements((${movesJson}::text)::jsonb) m)
         OR key IN (SELECT decode(m->>'key', 'hex') FROM jsonb_array_elements((${movesJson}::text)::jsonb) m)
      ORDER BY key FOR UPDATE`;
    // A group made here takes over its source's triage state, read now that the source is locked
    // (a resolve committed meanwhile is kept), and the assignee only if they can see where the group
    // now belongs. So does a twin: a group nobody has triaged that holds only alerts of this
    // namespace, which ingest made for the alerts it stored with the new patterns before this ran.
    // Any other group already where the alerts go keeps its own state. Of several sources for one
    // group, the one triaged last gives it.
    const createdKeys = created.map((g) => g.key);
    const takenOver = await tx<{ id: string; isTwin: boolean }[]>`
      UPDATE alert_groups t SET status = g.status, status_reason = g.status_reason,
        status_changed_at = g.status_changed_at, regressed_at = g.regressed_at,
        assignee_id = (SELECT u.id FROM users u WHERE u.id = g.assignee_id AND (u.role = 'admin' OR u.all_tenants
          OR EXISTS (SELECT FROM user_tenants ut WHERE ut.user_id = u.id AND ut.tenant_id = ${tenantId}::uuid)))
      FROM (
        SELECT DISTINCT ON (m.key) m.key AS move_key, g.*
        FROM jsonb_to_recordset((${movesJson}::text)::jsonb) AS m("from" bigint, key text)
        JOIN alert_groups g ON g.id = m."from"
        ORDER BY m.key, g.status_changed_at DESC NULLS LAST
      ) g
      WHERE t.key = decode(g.move_key, 'hex') AND t.id <> g.id
        AND (g.move_key = ANY(${createdKeys}::text[])
          OR (t.status_changed_at IS NULL AND t.assignee_id IS NULL
            AND NOT EXISTS (SELECT FROM alerts x WHERE x.group_id = t.id
              AND (x.cluster_id <> ${clusterId} OR x.namespace IS DISTINCT FROM ${namespace}))))
      RETURNING t.id, NOT (g.move_key = ANY(${createdKeys}::text[])) AS "isTwin"`;
    // A resolved group reopens when an alert that is not suppressed reaches it, as at ingest: a
    // twin's alerts arrived after the resolve it takes over.
    await tx`
      WITH reopened AS (
        UPDATE alert_groups t SET status = 'open', status_reason = ${regressionReason},
          status_changed_at = now(), regressed_at = now()
        WHERE t.id = ANY(${takenOver.filter((g) => g.isTwin).map((g) => g.id)}::bigint[]) AND t.status = 'resolved'
          AND EXISTS (SELECT FROM alerts x WHERE x.group_id = t.id AND x.suppressed_by IS NULL)
        RETURNING t.id
      )
      INSERT INTO audit_events (actor_email, action, object_type, object_id, before, after)
      SELECT ${regressionActor}, 'group.regress', 'group', id::text, '{"status": "resolved"}'::jsonb,
        jsonb_build_object('status', 'open', 'reason', ${regressionReason}::text)
      FROM reopened ORDER BY id`;
    const idOfKey = new Map(locked.map((g) => [g.key, g.id]));
    const mapping = JSON.stringify(moves.map((m) => ({ from: m.from, to: idOfKey.get(m.key) })));
    // The rollups have no namespace: the moved alerts' counts leave their old tenant's rows and
    // join the new one's, in one statement locking rows in ingest's order.
    await tx`
      INSERT INTO alert_rollups AS r (bucket_hours, bucket, tenant_id, cluster_id, rule, priority, count, suppressed)
      SELECT hours, bucket, tenant_id, ${clusterId}::uuid, rule, priority, sum(n), sum(s)
      FROM (
        SELECT b.hours, date_trunc(b.unit, a.time, 'UTC') AS bucket, t.tenant_id, a.rule, a.priority,
          t.sign * count(*) AS n, t.sign * count(t.suppressed_by) AS s
        FROM alerts a
        CROSS JOIN (VALUES (1::smallint, 'hour'), (24::smallint, 'day')) AS b(hours, unit)
        CROSS JOIN LATERAL (VALUES (a.tenant_id, -1, a.suppressed_by), (${tenantId}::uuid, 1, ${keptSuppression})) AS t(tenant_id, sign, suppressed_by)
        WHERE a.cluster_id = ${clusterId} AND a.namespace = ${namespace} AND a.tenant_id IS DISTINCT FROM ${tenantId}::uuid
          -- exactly the alerts the UPDATE below moves: those of the groups locked above
          AND a.group_id IN (SELECT (m->>'from')::bigint FROM jsonb_array_elements((${movesJson}::text)::jsonb) m)
        GROUP BY 1, 2, 3, 4, 5, t.sign
      ) moved
      GROUP BY 1, 2, 3, 5, 6
      HAVING sum(n) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (bucket_hours, bucket, tenant_id, cluster_id, rule, priority) DO UPDATE SET
        count = r.count + excluded.count,
        suppressed = r.suppressed + excluded.suppressed`;
    const result = await tx`
      UPDATE alerts a SET tenant_id = ${tenantId}::uuid, group_id = m."to", suppressed_by = ${keptSuppression}
      FROM jsonb_to_recordset((${mapping}::text)::jsonb) AS m("from" bigint, "to" bigint)
      WHERE a.cluster_id = ${clusterId} AND a.namespace = ${namespace} AND a.group_id = m."from"`;
    const touched = locked.map((g) => g.id);
    await tx`
      UPDATE alert_groups g SET count = s.n, suppressed_count = s.suppressed, first_seen = s.first_seen,
        last_seen = s.last_seen, max_priority = s.max_priority,
        tags = ARRAY(SELECT DISTINCT tag FROM alerts a, unnest(a.tags) AS tag WHERE a.group_id = g.id ORDER BY tag)
      FROM (
        SELECT group_id, count(*) AS n, count(suppressed_by) AS suppressed, min(time) AS first_seen,
          max(time) AS last_seen, max(priority) AS max_priority
        FROM alerts WHERE group_id = ANY(${touched}::bigint[]) GROUP BY group_id
      ) s
      WHERE g.id = s.group_id`;
    await tx`DELETE FROM alert_group_hourly WHERE group_id = ANY(${touched}::bigint[])`;
    await tx`
      INSERT INTO alert_group_hourly (group_id, hour, priority, count)
      SELECT group_id, date_trunc('hour', time, 'UTC'), priority, count(*)
      FROM alerts WHERE group_id = ANY(${touched}::bigint[]) GROUP BY 1, 2, 3`;
    await tx`DELETE FROM alert_group_namespaces WHERE group_id = ANY(${touched}::bigint[])`;
    await tx`
      INSERT INTO alert_group_namespaces (group_id, namespace, tenant_id)
      SELECT DISTINCT group_id, namespace, tenant_id
      FROM alerts WHERE group_id = ANY(${touched}::bigint[]) AND namespace IS NOT NULL`;
    await tx`DELETE FROM alert_group_origins WHERE group_id = ANY(${touched}::bigint[])`;
    await tx`
      INSERT INTO alert_group_origins (group_id, cluster_id, namespace, hostname, tenant_id, count, last_seen)
      SELECT group_id, cluster_id, coalesce(namespace, ''), hostname, (array_agg(tenant_id))[1], count(*), max(time)
      FROM alerts WHERE group_id = ANY(${touched}::bigint[]) GROUP BY 1, 2, 3, 4`;
    // Read by group-history.ts: `before.tenantId` decides who may follow the move back.
    await tx`
      INSERT INTO audit_events (actor_email, action, object_type, object_id, before, after)
      SELECT ${resegmentActor}, 'group.move', 'group', m."to"::text,
        jsonb_build_object('group', m."from"::text, 'tenantId', g.tenant_id),
        jsonb_build_object('group', m."to"::text, 'tenantId', ${tenantId}::uuid, 'cluster', ${clusterName}::text, 'namespace', ${namespace}::text)
      FROM jsonb_to_recordset((${mapping}::text)::jsonb) AS m("from" bigint, "to" bigint)
      JOIN alert_groups g ON g.id = m."from"
      ORDER BY m."to", m."from"`;
    // Notes follow the alerts out of a group they leave empty, before it goes.
    await tx`
      UPDATE group_notes n SET group_id = m."to"
      FROM jsonb_to_recordset((${mapping}::text)::jsonb) AS m("from" bigint, "to" bigint)
      WHERE n.group_id = m."from" AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.group_id = m."from")`;
    await tx`
      DELETE FROM alert_groups g
      WHERE g.id = ANY(${touched}::bigint[]) AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.group_id = g.id)`;
    // Alerts stored since the groups were chosen above may be in the old tenant, in groups this
    // did not move: the mark stays for the next run (each replica's catch-up) if any were.
    await tx`
      UPDATE cluster_namespaces SET tenant_id = ${tenantId}::uuid, has_misplaced_alerts = alert_count <> ${current.alertCount}::bigint
      WHERE cluster_id = ${clusterId} AND namespace = ${namespace}`;
    return result.count;
  });
}
