import type { Sql, SqlTransaction } from "@/lib/db/sql";
import type { PreparedAlert, PreparedGroup } from "@/lib/ingest/prepare-alert";

/*
 * Writes one group-commit batch in one transaction and returns the dedup keys it inserted (the
 * others were already stored). Rows travel as one JSON array per statement: a fixed parameter count
 * whatever the batch size, and integers in output_fields reach jsonb as exact digits.
 *
 * Group rows are locked in id order before their counters move, so replicas writing the same
 * groups at once queue rather than deadlock.
 */
export async function storeAlerts(sql: Sql, alerts: PreparedAlert[]): Promise<Set<string>> {
  const groups = [...new Map(alerts.map((a) => [a.group.key, a.group])).values()];
  return sql.begin(async (tx) => {
    const { ids, created } = await lockGroups(tx, groups);
    const rows = alerts.map((a) => ({ ...a.row, group_id: ids.get(a.group.key) }));
    const inserted = await tx<{ dedup_key: string }[]>`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset((${JSON.stringify(rows)}::text)::jsonb) AS r(
          dedup_key text, group_id bigint, cluster_id uuid, tenant_id uuid, namespace text,
          hostname text, source text, rule text, priority priority, time timestamptz,
          time_nanos smallint, output text, output_fields text, tags text[], labels text,
          sender_uuid text, proc_name text, proc_exepath text, container_image text,
          pod_name text, ka_user_name text)
      ),
      inserted AS (
        INSERT INTO alerts (dedup_key, group_id, cluster_id, tenant_id, namespace, hostname, source,
          rule, priority, time, time_nanos, output, output_fields, tags, labels, sender_uuid,
          proc_name, proc_exepath, container_image, pod_name, ka_user_name)
        SELECT decode(dedup_key, 'hex'), group_id, cluster_id, tenant_id, namespace, hostname, source,
          rule, priority, time, time_nanos, output, output_fields::jsonb, coalesce(tags, '{}'),
          labels::jsonb, sender_uuid, proc_name, proc_exepath, container_image, pod_name, ka_user_name
        FROM input
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING dedup_key, group_id, cluster_id, tenant_id, namespace, time, priority
      ),
      counted AS (
        UPDATE alert_groups g SET
          count = g.count + s.n,
          first_seen = least(g.first_seen, s.first_seen),
          last_seen = greatest(g.last_seen, s.last_seen),
          max_priority = greatest(g.max_priority, s.max_priority)
        FROM (
          SELECT group_id, count(*) AS n, min(time) AS first_seen, max(time) AS last_seen,
            max(priority) AS max_priority
          FROM inserted GROUP BY group_id
        ) s
        WHERE g.id = s.group_id
      ),
      hourly AS (
        INSERT INTO alert_group_hourly AS h (group_id, hour, priority, count)
        SELECT group_id, date_trunc('hour', time, 'UTC'), priority, count(*)
        FROM inserted GROUP BY 1, 2, 3
        ON CONFLICT (group_id, hour, priority) DO UPDATE SET count = h.count + excluded.count
      ),
      seen_namespaces AS (
        INSERT INTO cluster_namespaces AS n (cluster_id, namespace, tenant_id, alert_count, first_seen, last_seen)
        SELECT cluster_id, namespace, (array_agg(tenant_id))[1], count(*), now(), now()
        FROM inserted WHERE namespace IS NOT NULL
        GROUP BY cluster_id, namespace
        ON CONFLICT (cluster_id, namespace) DO UPDATE SET
          alert_count = n.alert_count + excluded.alert_count,
          last_seen = excluded.last_seen,
          tenant_id = excluded.tenant_id
      ),
      -- a group created above for alerts that all turned out to be stored already
      unused_groups AS (
        DELETE FROM alert_groups
        WHERE id = ANY(${created}::bigint[])
          AND id NOT IN (SELECT group_id FROM inserted)
      )
      SELECT encode(dedup_key, 'hex') AS dedup_key FROM inserted`;
    return new Set(inserted.map((row) => row.dedup_key));
  });
}

/**
 * Creates the batch's missing groups and locks all of them in id order. A group emptied and
 * removed by a concurrent re-segmentation between the two steps is simply created again.
 */
async function lockGroups(tx: SqlTransaction, groups: PreparedGroup[]) {
  const ids = new Map<string, string>();
  const created: string[] = [];
  for (let attempt = 1; ids.size < groups.length; attempt++) {
    if (attempt > 3) throw new Error("alert groups kept disappearing while being locked");
    const missing = groups.filter((g) => !ids.has(g.key));
    const inserted = await tx<{ id: string }[]>`
      INSERT INTO alert_groups (key, fingerprint, segment, tenant_id, cluster_id, rule, source,
        identity, first_seen, last_seen, max_priority)
      SELECT decode(key, 'hex'), decode(fingerprint, 'hex'), segment, tenant_id, cluster_id, rule,
        source, identity, time, time, priority
      FROM jsonb_to_recordset((${JSON.stringify(missing)}::text)::jsonb) AS g(key text,
        fingerprint text, segment segment, tenant_id uuid, cluster_id uuid, rule text, source text,
        identity jsonb, time timestamptz, priority priority)
      ORDER BY key
      ON CONFLICT (key) DO NOTHING
      RETURNING id`;
    created.push(...inserted.map((row) => row.id));
    const locked = await tx<{ id: string; key: string }[]>`
      SELECT id, encode(key, 'hex') AS key FROM alert_groups
      WHERE key IN (SELECT decode(k, 'hex') FROM unnest(${missing.map((g) => g.key)}::text[]) AS k)
      ORDER BY id
      FOR UPDATE`;
    for (const row of locked) ids.set(row.key, row.id);
  }
  return { ids, created };
}
