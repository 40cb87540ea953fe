import type postgres from "postgres";
import type { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { stringifyExact } from "@/lib/ingest/exact-json";
import type { AlertRow, PreparedAlert, PreparedGroup } from "@/lib/ingest/prepare-alert";
import { regressionReason } from "@/lib/triage/transitions";

/** Who the audit trail says reopened a resolved group that received a new alert. */
export const regressionActor = "falconry (regression)";

/*
 * Writes one group-commit batch in one transaction and returns the dedup keys it inserted (the
 * others were already stored). Rows travel as one JSON array per statement: a fixed parameter count
 * whatever the batch size, and integers in output_fields reach jsonb as exact digits (written back
 * by `stringifyExact`); the fields and labels are JSON inside it, not JSON text in a string, which
 * would be escaped here and parsed twice there.
 *
 * Two statements, sent with BEGIN and COMMIT in one round trip (lib/db/transaction-pipeline.ts). The
 * first creates the batch's missing groups and locks all of them, in key order, so writers sharing
 * groups queue rather than deadlock. The second, a statement of its own so that it sees what the
 * writers it queued behind committed, inserts the alerts and moves what is kept beside them: the
 * groups' counters and tags, their hourly counts, origins and namespaces, the rollups by tenant,
 * rule and time bucket, and the namespaces seen; and it reopens resolved groups that received an
 * alert that is not suppressed (with their audit rows).
 */
export async function storeAlerts(pipeline: Pick<TransactionPipeline, "run">, alerts: PreparedAlert[]): Promise<Set<string>> {
  const groups = [...new Map(alerts.map((a) => [a.group.key, a.group])).values()];
  const inserted = await pipeline.run((tx) => [
    // Settings for this transaction alone. No sequential scans: batches are small and probe large
    // tables by key, and a plan made for "about 100 rows from a function" scanning alert_groups
    // instead cost a third of the transaction. Generic plans only: the rows travel as one JSON
    // parameter, whose value never helps the planner, and a plan made for each execution folds it,
    // parsing the whole batch once more while planning (forced on every statement, such plans took
    // (b) of bench:ingest from about 4,900 to 4,000 alerts/s).
    tx`SELECT set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true)`,
    lockGroups(tx, groups),
    insertAlerts(tx, alerts.map((a) => a.row)),
  ]);
  return new Set(inserted.map((row) => row.dedup_key));
}

/**
 * Creates the missing groups and locks all of them: ON CONFLICT DO UPDATE locks the row it
 * conflicts with even when its WHERE leaves it unchanged. A group a concurrent re-segmentation
 * removes while this waits for it is simply created again.
 */
function lockGroups(tx: postgres.Sql, groups: PreparedGroup[]) {
  return tx`
    INSERT INTO alert_groups AS g (key, fingerprint, segment, tenant_id, cluster_id, rule, source,
      identity, first_seen, last_seen, max_priority)
    SELECT decode(key, 'hex'), decode(fingerprint, 'hex'), segment, tenant_id, cluster_id, rule,
      source, identity, time, time, priority
    FROM json_to_recordset((${JSON.stringify(groups)}::text)::json) AS r(key text,
      fingerprint text, segment segment, tenant_id uuid, cluster_id uuid, rule text, source text,
      identity jsonb, time timestamptz, priority priority)
    ORDER BY key
    ON CONFLICT (key) DO UPDATE SET count = g.count WHERE false`;
}

function insertAlerts(tx: postgres.Sql, rows: AlertRow[]) {
  return tx<{ dedup_key: string }[]>`
      WITH input AS (
        SELECT r.*, r.ordinality AS position, g.id AS group_id
        FROM ROWS FROM (json_to_recordset((${stringifyExact(rows)}::text)::json) AS (
          dedup_key text, group_key text, cluster_id uuid, tenant_id uuid, namespace text,
          hostname text, source text, rule text, priority priority, time timestamptz,
          time_nanos smallint, output text, output_fields jsonb, tags text[], labels jsonb,
          sender_uuid text, proc_name text, proc_exepath text, container_image text,
          pod_name text, ka_user_name text, suppressed_by bigint)) WITH ORDINALITY AS r
        JOIN alert_groups g ON g.key = decode(r.group_key, 'hex')
      ),
      inserted AS (
        INSERT INTO alerts (dedup_key, group_id, cluster_id, tenant_id, namespace, hostname, source,
          rule, priority, time, time_nanos, output, output_fields, tags, labels, sender_uuid,
          proc_name, proc_exepath, container_image, pod_name, ka_user_name, suppressed_by)
        SELECT decode(dedup_key, 'hex'), group_id, cluster_id, tenant_id, namespace, hostname, source,
          rule, priority, time, time_nanos, output, output_fields, coalesce(tags, '{}'),
          labels, sender_uuid, proc_name, proc_exepath, container_image, pod_name, ka_user_name,
          suppressed_by
        FROM input
        ORDER BY position -- ids in the order the alerts arrived
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING dedup_key, group_id, cluster_id, tenant_id, namespace, hostname, rule, time, priority, tags,
          suppressed_by
      ),
      batch_tags AS (
        SELECT group_id, coalesce(array_agg(DISTINCT tag) FILTER (WHERE tag IS NOT NULL), '{}') AS tags
        FROM inserted LEFT JOIN LATERAL unnest(tags) AS tag ON true
        GROUP BY group_id
      ),
      -- A resolved group that receives a new alert reopens and says why (a false positive stays
      -- closed; suppressed alerts never reopen). SET reads the row as it was, so the CASEs see the
      -- status before this update.
      counted AS (
        UPDATE alert_groups g SET
          count = g.count + s.n,
          suppressed_count = g.suppressed_count + s.suppressed,
          first_seen = least(g.first_seen, s.first_seen),
          last_seen = greatest(g.last_seen, s.last_seen),
          max_priority = greatest(g.max_priority, s.max_priority),
          status = CASE WHEN g.status = 'resolved' AND s.n > s.suppressed THEN 'open' ELSE g.status END,
          status_reason = CASE WHEN g.status = 'resolved' AND s.n > s.suppressed THEN ${regressionReason} ELSE g.status_reason END,
          status_changed_at = CASE WHEN g.status = 'resolved' AND s.n > s.suppressed THEN now() ELSE g.status_changed_at END,
          regressed_at = CASE WHEN g.status = 'resolved' AND s.n > s.suppressed THEN now() ELSE g.regressed_at END,
          tags = CASE WHEN g.tags @> t.tags THEN g.tags
            ELSE ARRAY(SELECT DISTINCT tag FROM unnest(g.tags || t.tags) AS tag ORDER BY tag) END
        FROM (
          SELECT group_id, count(*) AS n, count(suppressed_by) AS suppressed, min(time) AS first_seen,
            max(time) AS last_seen, max(priority) AS max_priority
          FROM inserted GROUP BY group_id
        ) s
        JOIN batch_tags t USING (group_id)
        WHERE g.id = s.group_id
        -- only this statement sets regressed_at to its transaction's time
        RETURNING g.id, g.regressed_at = now() AS is_regressed
      ),
      regressions AS (
        INSERT INTO audit_events (actor_email, action, object_type, object_id, before, after)
        SELECT ${regressionActor}, 'group.regress', 'group', id::text, '{"status": "resolved"}'::jsonb,
          jsonb_build_object('status', 'open', 'reason', ${regressionReason}::text)
        FROM counted WHERE is_regressed
        ORDER BY id
      ),
      hourly AS (
        INSERT INTO alert_group_hourly AS h (group_id, hour, priority, count)
        SELECT group_id, date_trunc('hour', time, 'UTC'), priority, count(*)
        FROM inserted GROUP BY 1, 2, 3
        ON CONFLICT (group_id, hour, priority) DO UPDATE SET count = h.count + excluded.count
      ),
      rollups AS (
        INSERT INTO alert_rollups AS r (bucket_hours, bucket, tenant_id, cluster_id, rule, priority, count, suppressed)
        SELECT b.hours, date_trunc(b.unit, time, 'UTC'), tenant_id, cluster_id, rule, priority, count(*), count(suppressed_by)
        -- each alert counts in its hour and in its UTC day
        FROM inserted CROSS JOIN (VALUES (1::smallint, 'hour'), (24::smallint, 'day')) AS b(hours, unit)
        GROUP BY 1, 2, 3, 4, 5, 6
        ORDER BY 1, 2, 3, 4, 5, 6 -- rows locked in one order by every writer: no deadlock
        ON CONFLICT (bucket_hours, bucket, tenant_id, cluster_id, rule, priority) DO UPDATE SET
          count = r.count + excluded.count,
          suppressed = r.suppressed + excluded.suppressed
      ),
      origins AS (
        INSERT INTO alert_group_origins AS o (group_id, cluster_id, namespace, hostname, tenant_id, count, last_seen)
        SELECT group_id, cluster_id, coalesce(namespace, ''), hostname, (array_agg(tenant_id))[1], count(*), max(time)
        FROM inserted GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4 -- rows locked in one order by every writer: no deadlock
        ON CONFLICT (group_id, cluster_id, namespace, hostname) DO UPDATE SET
          count = o.count + excluded.count,
          last_seen = greatest(o.last_seen, excluded.last_seen)
      ),
      group_namespaces AS (
        INSERT INTO alert_group_namespaces (group_id, namespace, tenant_id)
        SELECT DISTINCT group_id, namespace, tenant_id FROM inserted WHERE namespace IS NOT NULL
        ORDER BY 1, 2 -- rows locked in one order by every writer: no deadlock
        ON CONFLICT (group_id, namespace) DO NOTHING
      ),
      -- A namespace whose alerts arrive under another tenant than its last ones (prepared with a
      -- replica's old patterns, committed after a change) is marked for re-segmentation to move.
      seen_namespaces AS (
        INSERT INTO cluster_namespaces AS n (cluster_id, namespace, tenant_id, alert_count, first_seen, last_seen, has_misplaced_alerts)
        SELECT cluster_id, namespace, (array_agg(tenant_id))[1], count(*), now(), now(),
          count(DISTINCT coalesce(tenant_id::text, '')) > 1
        FROM inserted WHERE namespace IS NOT NULL
        GROUP BY cluster_id, namespace
        ORDER BY cluster_id, namespace -- rows locked in one order by every writer: no deadlock
        ON CONFLICT (cluster_id, namespace) DO UPDATE SET
          alert_count = n.alert_count + excluded.alert_count,
          last_seen = excluded.last_seen,
          tenant_id = excluded.tenant_id,
          has_misplaced_alerts = n.has_misplaced_alerts OR excluded.has_misplaced_alerts
            OR n.tenant_id IS DISTINCT FROM excluded.tenant_id
      ),
      -- groups created above for alerts that all turned out to be stored already
      unused_groups AS (
        DELETE FROM alert_groups
        WHERE id IN (SELECT group_id FROM input)
          AND count = 0
          AND id NOT IN (SELECT group_id FROM inserted)
      )
      SELECT encode(dedup_key, 'hex') AS dedup_key FROM inserted`;
}
