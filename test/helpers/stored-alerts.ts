import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import type { Sql } from "@/lib/db/sql";
import type { TransactionPipeline } from "@/lib/db/transaction-pipeline";
import { parseFalcoAlert } from "@/lib/ingest/alert-schema";
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
 * of the Falcosidekick fixture with these changes, and suppression rules' verdicts. Returns them
 * as prepared.
 */
export async function storeAlertsLike(
  sql: Sql,
  cluster: { id: string; name: string },
  specs: AlertSpec[],
  verdictOf?: VerdictOf,
): Promise<PreparedAlert[]> {
  const tenantOf = createTenantResolver(await loadTenantPatterns(sql));
  const uuids = specs.map((spec) => spec.uuid ?? randomUUID());
  const alerts = specs.map((spec, i) => {
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
  await storeNow(sql, alerts);
  return alerts;
}

/**
 * Stores prepared alerts as the ingest writer does, their statements in one transaction on the
 * test's pool rather than pipelined on a connection of their own (test/db/transaction-pipeline).
 */
export async function storeNow(sql: Sql, alerts: PreparedAlert[]): Promise<void> {
  const onPool: Pick<TransactionPipeline, "run"> = {
    // a transaction's sql writes the same statements; postgres.js types it apart
    run: (statements) => sql.begin(async (tx) => (await Promise.all(statements(tx as unknown as postgres.Sql))).at(-1)) as never,
  };
  await storeAlerts(onPool, alerts);
}

/** Removes every stored alert and everything ingest derives from them (groups, counters, notes). */
export async function removeStoredAlerts(sql: Sql, also: string[] = []): Promise<void> {
  const tables = ["alerts", "alert_groups", "alert_group_hourly", "alert_group_origins", "alert_group_namespaces", "alert_rollups", "group_notes", "cluster_namespaces", ...also];
  await sql.unsafe(`TRUNCATE ${tables.join(", ")}`);
}
