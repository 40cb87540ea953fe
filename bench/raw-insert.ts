import { performance } from "node:perf_hooks";
import postgres from "postgres";
import type { Measurement } from "@/bench/figures";
import { parseExact, stringifyExact } from "@/lib/ingest/exact-json";
import { readRecord } from "@/lib/ingest/payload";
import { prepareAlert, type AlertRow, type PreparedGroup } from "@/lib/ingest/prepare-alert";

/** An alerts row as postgres.js sends it: the row ingest would store, with its group's id. */
type RawRow = Omit<AlertRow, "dedup_key" | "group_key" | "output_fields" | "labels"> & {
  dedup_key: Buffer;
  group_id: string;
  output_fields: string;
  labels: string | null;
};

/**
 * postgres.js that sends json and jsonb parameters as the JSON text they already are. Its default
 * would JSON.stringify them, storing text as a jsonb string; and text parsed back into objects
 * would lose the exact digits of `evt.time`.
 */
export function createRawSql(databaseUrl: string) {
  return postgres(databaseUrl, {
    max: 1,
    onnotice: () => {},
    types: { jsonText: { to: 3802, from: [114, 3802], serialize: (text: string) => text, parse: (text: string) => text } },
  });
}

export type RawSql = ReturnType<typeof createRawSql>;

export interface RawCluster {
  id: string;
  name: string;
}

/**
 * The rows ingest would store for these alerts in `cluster` (parsed and prepared by the app's own
 * code, off the clock), in batches, with the alert_groups rows they point to already created.
 */
export async function prepareRawBatches(sql: RawSql, cluster: RawCluster, alerts: string[], batchSize: number): Promise<RawRow[][]> {
  const credential = { tokenId: "", clusterId: cluster.id, clusterName: cluster.name };
  const prepared = alerts.map((text) => {
    const parsed = readRecord(parseExact(text));
    if ("error" in parsed) throw new Error(`generated alert is invalid: ${parsed.error}`);
    return prepareAlert(parsed.alert, credential, () => null);
  });
  const groupIds = await createGroups(sql, [...new Map(prepared.map((p) => [p.group.key, p.group])).values()]);
  const rows = prepared.map(({ row: { group_key, ...row } }) => ({
    ...row,
    dedup_key: Buffer.from(row.dedup_key, "hex"),
    group_id: groupIds.get(group_key)!,
    output_fields: stringifyExact(row.output_fields),
    labels: row.labels && stringifyExact(row.labels),
  }));
  return Array.from({ length: Math.ceil(rows.length / batchSize) }, (_, i) => rows.slice(i * batchSize, (i + 1) * batchSize));
}

/** One multi-row INSERT per batch, one after another on one connection, as ingest's single writer does. */
export async function insertRawBatches(sql: RawSql, batches: RawRow[][], maxMs: number): Promise<Measurement> {
  const latenciesMs: number[] = [];
  let alerts = 0;
  const startedAt = performance.now();
  for (const rows of batches) {
    if (performance.now() - startedAt > maxMs) break;
    const sentAt = performance.now();
    const { count } = await sql`INSERT INTO alerts ${sql(rows)}`;
    latenciesMs.push(performance.now() - sentAt);
    if (count !== rows.length) throw new Error(`raw INSERT stored ${count} of ${rows.length} rows`);
    alerts += rows.length;
  }
  return { alerts, wallMs: performance.now() - startedAt, latenciesMs };
}

async function createGroups(sql: RawSql, groups: PreparedGroup[]): Promise<Map<string, string>> {
  const rows = groups.map((g) => ({
    key: Buffer.from(g.key, "hex"),
    fingerprint: Buffer.from(g.fingerprint, "hex"),
    segment: g.segment,
    tenant_id: g.tenant_id,
    cluster_id: g.cluster_id,
    rule: g.rule,
    source: g.source,
    identity: JSON.stringify(g.identity),
    first_seen: g.time,
    last_seen: g.time,
    max_priority: g.priority,
  }));
  const created = await sql<{ id: string; key: string }[]>`
    INSERT INTO alert_groups ${sql(rows)}
    RETURNING id, encode(key, 'hex') AS key`;
  return new Map(created.map((row) => [row.key, row.id]));
}
