import type postgres from "postgres";
import type { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { writerSettings } from "@/lib/ingest/writer-settings";
import { regressionReason } from "@/lib/triage/transitions";

/** Who the audit trail says reopened a resolved group that received a new alert. */
export const regressionActor = "falconry (regression)";

/**
 * The advisory lock between counting and re-segmentation: counts share it, re-segmentation takes
 * it alone, so that it never moves an alert a count has read but not yet counted.
 */
export const countersLock = 0x52_45_53_47; // "RESG"

/** What one count takes at most: a backlog is worked off by counts one after another. */
export interface CountLimits {
  /** uncounted_alerts rows, each an ingest transaction. */
  maxRows: number;
  /** Alerts: a count stops at the row that passes this (it takes at least one row). */
  maxAlerts: number;
}

const defaultLimits: CountLimits = { maxRows: 1_000, maxAlerts: 20_000 };

export interface Count {
  /** False when re-segmentation held the lock: nothing was counted, try again later. */
  held: boolean;
  /** Whether rows were left for the next count. */
  more: boolean;
  /** Tenants of the counted alerts that no rule suppressed ("" for unassigned and host-level ones). */
  tenantIds: string[];
}

/**
 * Counts stored alerts into what is kept beside them, in one transaction that also deletes the
 * uncounted_alerts rows it took (so each alert is counted once, whichever replica counts it, and
 * an alert stored just before a crash is counted by the next count): the groups' counters and
 * tags, their hourly counts, origins and namespaces, the rollups by tenant, rule and time bucket,
 * and the namespaces seen; and it reopens resolved groups that received an alert that is not
 * suppressed after they were resolved (with their audit rows).
 *
 * Ingest stores alerts and counts them apart so that a group's counters, and its dozen indexes,
 * are updated once for all the alerts of a few hundred milliseconds rather than once per ingest
 * transaction: with 64 senders of single alerts, that was a third of PostgreSQL's work.
 *
 * The lock is tried in a statement of its own, before the count's: a statement's snapshot predates
 * the locks it takes, and one taken with the lock could still see alerts as they were before a
 * re-segmentation that had just committed and let go of it.
 */
export async function countStoredAlerts(pipeline: Pick<TransactionPipeline, "run">, limits: CountLimits = defaultLimits): Promise<Count> {
  const [row] = await pipeline.run((tx) => [
    writerSettings(tx),
    tx`SELECT set_config('falconry.counting', pg_try_advisory_xact_lock_shared(${countersLock})::text, true)`,
    countStatement(tx, limits),
  ]);
  return { held: row!.held, more: row!.more, tenantIds: row!.tenant_ids };
}

/*
 * Every row this locks, it locks in one order shared with every other writer, so that counts of
 * several replicas, and ingest (which locks its groups in key order), queue rather than deadlock:
 * the groups' counters are therefore written as an upsert of rows sorted by key (with their ids,
 * so as not to draw on the sequence), rather than as an UPDATE, whose order no statement can set.
 */
function countStatement(tx: postgres.Sql, limits: CountLimits) {
  return tx<{ held: boolean; more: boolean; tenant_ids: string[] }[]>`
      WITH held AS (SELECT current_setting('falconry.counting')::boolean AS held),
      candidates AS (
        SELECT id, coalesce(cardinality(alert_ids), 0) AS alerts FROM uncounted_alerts WHERE (SELECT held FROM held)
        ORDER BY id LIMIT ${limits.maxRows} FOR UPDATE SKIP LOCKED
      ),
      chosen AS (
        SELECT id FROM (SELECT id, sum(alerts) OVER (ORDER BY id) - alerts AS before FROM candidates) c
        WHERE before < ${limits.maxAlerts}
      ),
      taken AS (
        DELETE FROM uncounted_alerts WHERE id IN (SELECT id FROM chosen) RETURNING alert_ids
      ),
      counted AS (
        SELECT id, group_id, cluster_id, tenant_id, namespace, hostname, rule, time, priority, tags,
          suppressed_by, received_at
        FROM alerts WHERE id IN (SELECT unnest(alert_ids) FROM taken)
      ),
      per_group AS (
        SELECT group_id, count(*) AS n, count(suppressed_by) AS suppressed, min(time) AS first_seen,
          max(time) AS last_seen, max(priority) AS max_priority,
          max(received_at) FILTER (WHERE suppressed_by IS NULL) AS last_shown
        FROM counted GROUP BY group_id
      ),
      group_tags AS (
        SELECT group_id, coalesce(array_agg(DISTINCT tag) FILTER (WHERE tag IS NOT NULL), '{}') AS tags
        -- most of a group's alerts carry the same tags
        FROM (SELECT DISTINCT group_id, tags FROM counted) c LEFT JOIN LATERAL unnest(c.tags) AS tag ON true
        GROUP BY group_id
      ),
      -- A resolved group that received an alert since it was resolved reopens and says why (a false
      -- positive stays closed; suppressed alerts never reopen; an alert that arrived before the
      -- group was resolved, only counted after, does not undo that). The alerts' last arrival
      -- travels as regressed_at, which only this statement sets, to its transaction's time. SET
      -- reads the row as it was, so the CASEs see the status before this update.
      groups AS (
        INSERT INTO alert_groups AS g (id, key, fingerprint, segment, tenant_id, cluster_id, rule, source,
          identity, first_seen, last_seen, max_priority, count, suppressed_count, tags, regressed_at)
        SELECT e.id, e.key, e.fingerprint, e.segment, e.tenant_id, e.cluster_id, e.rule, e.source, e.identity,
          s.first_seen, s.last_seen, s.max_priority, s.n, s.suppressed, t.tags, s.last_shown
        FROM per_group s JOIN group_tags t USING (group_id) JOIN alert_groups e ON e.id = s.group_id
        ORDER BY e.key
        ON CONFLICT (key) DO UPDATE SET
          count = g.count + excluded.count,
          suppressed_count = g.suppressed_count + excluded.suppressed_count,
          first_seen = least(g.first_seen, excluded.first_seen),
          last_seen = greatest(g.last_seen, excluded.last_seen),
          max_priority = greatest(g.max_priority, excluded.max_priority),
          status = CASE WHEN g.status = 'resolved' AND excluded.regressed_at > coalesce(g.status_changed_at, '-infinity') THEN 'open' ELSE g.status END,
          status_reason = CASE WHEN g.status = 'resolved' AND excluded.regressed_at > coalesce(g.status_changed_at, '-infinity') THEN ${regressionReason} ELSE g.status_reason END,
          status_changed_at = CASE WHEN g.status = 'resolved' AND excluded.regressed_at > coalesce(g.status_changed_at, '-infinity') THEN now() ELSE g.status_changed_at END,
          regressed_at = CASE WHEN g.status = 'resolved' AND excluded.regressed_at > coalesce(g.status_changed_at, '-infinity') THEN now() ELSE g.regressed_at END,
          tags = CASE WHEN g.tags @> excluded.tags THEN g.tags
            ELSE ARRAY(SELECT DISTINCT tag FROM unnest(g.tags || excluded.tags) AS tag ORDER BY tag) END
        RETURNING g.id, g.regressed_at = now() AS is_regressed
      ),
      regressions AS (
        INSERT INTO audit_events (actor_email, action, object_type, object_id, before, after)
        SELECT ${regressionActor}, 'group.regress', 'group', id::text, '{"status": "resolved"}'::jsonb,
          jsonb_build_object('status', 'open', 'reason', ${regressionReason}::text)
        FROM groups WHERE is_regressed
        ORDER BY id
      ),
      hourly AS (
        INSERT INTO alert_group_hourly AS h (group_id, hour, priority, count)
        SELECT group_id, date_trunc('hour', time, 'UTC'), priority, count(*)
        FROM counted GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3 -- rows locked in one order by every writer: no deadlock
        ON CONFLICT (group_id, hour, priority) DO UPDATE SET count = h.count + excluded.count
      ),
      rollups AS (
        INSERT INTO alert_rollups AS r (bucket_hours, bucket, tenant_id, cluster_id, rule, priority, count, suppressed)
        SELECT b.hours, date_trunc(b.unit, time, 'UTC'), tenant_id, cluster_id, rule, priority, count(*), count(suppressed_by)
        -- each alert counts in its hour and in its UTC day
        FROM counted CROSS JOIN (VALUES (1::smallint, 'hour'), (24::smallint, 'day')) AS b(hours, unit)
        GROUP BY 1, 2, 3, 4, 5, 6
        ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (bucket_hours, bucket, tenant_id, cluster_id, rule, priority) DO UPDATE SET
          count = r.count + excluded.count,
          suppressed = r.suppressed + excluded.suppressed
      ),
      origins AS (
        INSERT INTO alert_group_origins AS o (group_id, cluster_id, namespace, hostname, tenant_id, count, last_seen)
        SELECT group_id, cluster_id, coalesce(namespace, ''), hostname, (array_agg(tenant_id))[1], count(*), max(time)
        FROM counted GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (group_id, cluster_id, namespace, hostname) DO UPDATE SET
          count = o.count + excluded.count,
          last_seen = greatest(o.last_seen, excluded.last_seen)
      ),
      group_namespaces AS (
        INSERT INTO alert_group_namespaces (group_id, namespace, tenant_id)
        SELECT DISTINCT group_id, namespace, tenant_id FROM counted WHERE namespace IS NOT NULL
        ORDER BY 1, 2
        ON CONFLICT (group_id, namespace) DO NOTHING
      ),
      seen_namespaces AS (
        INSERT INTO cluster_namespaces AS n (cluster_id, namespace, tenant_id, alert_count, first_seen, last_seen)
        SELECT cluster_id, namespace, (array_agg(tenant_id ORDER BY id DESC))[1], count(*), now(), now()
        FROM counted WHERE namespace IS NOT NULL
        GROUP BY cluster_id, namespace
        ORDER BY cluster_id, namespace
        ON CONFLICT (cluster_id, namespace) DO UPDATE SET
          alert_count = n.alert_count + excluded.alert_count,
          last_seen = excluded.last_seen,
          tenant_id = excluded.tenant_id
      )
      SELECT (SELECT held FROM held) AS held,
        (SELECT count(*) FROM candidates) > (SELECT count(*) FROM chosen)
          OR (SELECT count(*) FROM candidates) = ${limits.maxRows} AS more,
        coalesce((SELECT array_agg(DISTINCT coalesce(tenant_id::text, '')) FROM counted WHERE suppressed_by IS NULL), '{}') AS tenant_ids`;
}
