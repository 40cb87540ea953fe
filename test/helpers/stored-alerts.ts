import { randomUUID } from "node:crypto";
import { setTimeout } from "node:timers/promises";
import type postgres from "postgres";
import type { Sql } from "@/lib/db/sql";
import type { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { parseFalcoAlert } from "@/lib/ingest/alert-schema";
import { countStoredAlerts, type Count, type CountLimits } from "@/lib/ingest/count-alerts";
import { parseExact } from "@/lib/ingest/exact-json";
import { prepareAlert, type PreparedAlert, type VerdictOf } from "@/lib/ingest/prepare-alert";
import { storeAlerts } from "@/lib/ingest/store-alerts";
import { loadTenantPatterns } from "@/lib/tenants/load-tenant-patterns";
import { createTenantResolver } from "@/lib/tenants/namespace-patterns";
import { alertLike } from "@/test/helpers/fixtures";

export interface AlertSpec {
  namespace?: string | null;
  rule?: string;
  /** The executable: alerts with different ones fall into different groups. */
  exe?: string;
  priority?: string;
  /** RFC 3339 event time. */
  time?: string;
  uuid?: string;
  hostname?: string;
  tags?: string[];
  /** Output fields to set (null deletes one). */
  fields?: Record<string, unknown>;
}

/**
 * Stores alerts the way ingest does (storeAlerts, with the tenants' current patterns), each a copy
 * of the Falcosidekick fixture with these changes, and suppression rules' verdicts, and counts
 * them. Returns them as prepared.
 */
export async function storeAlertsLike(
  sql: Sql,
  cluster: { id: string; name: string },
  specs: AlertSpec[],
  verdictOf?: VerdictOf,
): Promise<PreparedAlert[]> {
  const alerts = await prepareAlertsLike(sql, cluster, specs, verdictOf);
  await storeNow(sql, alerts);
  return alerts;
}

/** The alerts storeAlertsLike stores, prepared as ingest prepares them. */
export async function prepareAlertsLike(
  sql: Sql,
  cluster: { id: string; name: string },
  specs: AlertSpec[],
  verdictOf?: VerdictOf,
): Promise<PreparedAlert[]> {
  const tenantOf = createTenantResolver(await loadTenantPatterns(sql));
  const uuids = specs.map((spec) => spec.uuid ?? randomUUID());
  return specs.map((spec, i) => {
    const changes: Record<string, unknown> = { uuid: uuids[i] };
    if (spec.rule) changes.rule = spec.rule;
    if (spec.priority) changes.priority = spec.priority;
    if (spec.time) changes.time = spec.time;
    if (spec.hostname) changes.hostname = spec.hostname;
    if (spec.tags) changes.tags = spec.tags;
    const fields: Record<string, unknown> = { "k8s.ns.name": spec.namespace === undefined ? "checkout" : spec.namespace };
    if (spec.exe) fields["proc.exepath"] = spec.exe;
    Object.assign(fields, spec.fields);
    const parsed = parseFalcoAlert(parseExact(alertLike("falcosidekick-webhook.json", changes, fields)));
    if ("error" in parsed) throw new Error(parsed.error);
    return prepareAlert(parsed.alert, { tokenId: randomUUID(), clusterId: cluster.id, clusterName: cluster.name }, tenantOf, verdictOf);
  });
}

/**
 * Stores prepared alerts as the ingest writer does, then counts them, each in one transaction on
 * the test's pool rather than pipelined on a connection of their own (test/db/transaction-pipeline).
 */
export async function storeNow(sql: Sql, alerts: PreparedAlert[]): Promise<void> {
  await storeUncounted(sql, alerts);
  await countNow(sql);
}

/** Stores prepared alerts as the ingest writer does, and leaves them to the next count. */
export async function storeUncounted(sql: Sql, alerts: PreparedAlert[]): Promise<void> {
  await storeAlerts(onPool(sql), alerts);
}

/** Counts every stored alert not yet counted, as the ingest writer's next counts would. */
export async function countNow(sql: Sql): Promise<void> {
  while ((await countOnce(sql)).more);
}

/** One count, in a transaction of its own on the test's pool, as any replica's writer makes it. */
export function countOnce(sql: Sql, limits?: CountLimits): Promise<Count> {
  return countStoredAlerts(onPool(sql), limits);
}

function onPool(sql: Sql): Pick<TransactionPipeline, "run"> {
  return {
    // a transaction's sql writes the same statements; postgres.js types it apart
    run: (statements) => sql.begin(async (tx) => (await Promise.all(statements(tx as unknown as postgres.Sql))).at(-1)) as never,
  };
}

/**
 * Resolves once every alert stored so far has been counted (by the ingest writer, whose counts
 * trail it). `sql` must see every row: a superuser's, or one with the scope "all".
 */
export async function allCounted(sql: Sql, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const [{ last }] = await sql<[{ last: string | null }]>`SELECT max(id)::text AS last FROM uncounted_alerts`;
  if (last === null) return;
  while ((await sql`SELECT FROM uncounted_alerts WHERE id <= ${last} LIMIT 1`).length > 0) {
    if (Date.now() > deadline) throw new Error(`stored alerts were still not counted after ${timeoutMs} ms`);
    await setTimeout(10);
  }
}

/** Removes every stored alert and everything ingest derives from them (groups, counters, notes). */
export async function removeStoredAlerts(sql: Sql, also: string[] = []): Promise<void> {
  const tables = ["alerts", "uncounted_alerts", "alert_groups", "alert_group_hourly", "alert_group_origins", "alert_group_namespaces", "alert_rollups", "group_notes", "cluster_namespaces", ...also];
  await sql.unsafe(`TRUNCATE ${tables.join(", ")}`);
}
