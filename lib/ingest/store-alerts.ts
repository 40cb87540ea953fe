import type postgres from "postgres";
import type { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { stringifyExact } from "@/lib/ingest/exact-json";
import type { AlertRow, PreparedAlert, PreparedGroup } from "@/lib/ingest/prepare-alert";
import { writerSettings } from "@/lib/ingest/writer-settings";

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
 * writers it queued behind committed, inserts the alerts and records their ids as not yet counted:
 * what is kept beside them (the groups' counters, the rollups, ...) follows in a later transaction
 * that counts many batches at once (lib/ingest/count-alerts.ts).
 */
export async function storeAlerts(pipeline: Pick<TransactionPipeline, "run">, alerts: PreparedAlert[]): Promise<Set<string>> {
  const groups = [...new Map(alerts.map((a) => [a.group.key, a.group])).values()];
  const inserted = await pipeline.run((tx) => [
    writerSettings(tx),
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
        RETURNING id, dedup_key, group_id
      ),
      -- counted later with others (lib/ingest/count-alerts.ts)
      uncounted AS (
        INSERT INTO uncounted_alerts (alert_ids) SELECT array_agg(id) FROM inserted HAVING count(*) > 0
      ),
      -- groups created above for alerts that all turned out to be stored already
      unused_groups AS (
        DELETE FROM alert_groups g
        WHERE g.id IN (SELECT group_id FROM input)
          AND g.id NOT IN (SELECT group_id FROM inserted)
          AND g.count = 0
          AND NOT EXISTS (SELECT FROM alerts a WHERE a.group_id = g.id)
      )
      SELECT encode(dedup_key, 'hex') AS dedup_key FROM inserted`;
}
