import type { FalcoAlert, OutputFields } from "@/lib/ingest/alert-schema";
import { dedupKeyOf, fingerprintOf, groupKeyOf, identityOf, type GroupBucket, type Identity } from "@/lib/ingest/fingerprint";
import type { IngestCredential } from "@/lib/ingest/token-authenticator";
import type { MatchableAlert } from "@/lib/suppressions/matcher";
import { promotedValue } from "@/lib/ingest/promoted-fields";
import type { Verdict } from "@/lib/suppressions/rule-set";

/** One alert ready for the alerts table, with the group it joins. */
export interface PreparedAlert {
  dedupKey: string;
  group: PreparedGroup;
  row: AlertRow;
  /** Shadow-mode suppression rules that matched: counted when the alert is stored. */
  shadowedBy: string[];
}

export interface PreparedGroup {
  key: string;
  fingerprint: string;
  segment: GroupBucket["segment"];
  tenant_id: string | null;
  cluster_id: string | null;
  rule: string;
  source: string;
  identity: Identity;
  time: string;
  priority: string;
}

/** Column values, named as the columns are: the batch travels to PostgreSQL as one JSON array. */
export interface AlertRow {
  dedup_key: string;
  /** The group it joins, by key: the insert looks up its id. */
  group_key: string;
  cluster_id: string;
  tenant_id: string | null;
  namespace: string | null;
  hostname: string;
  source: string;
  rule: string;
  priority: string;
  time: string;
  time_nanos: number;
  output: string;
  /** Integers kept exact by the parser reach jsonb as digits: see `storeAlerts`. */
  output_fields: OutputFields;
  tags: string[];
  labels: Record<string, unknown> | null;
  sender_uuid: string | null;
  proc_name: string | null;
  proc_exepath: string | null;
  container_image: string | null;
  pod_name: string | null;
  ka_user_name: string | null;
  /** The enforcing suppression rule that matched. */
  suppressed_by: string | null;
}

export type VerdictOf = (alert: MatchableAlert, tenantId: string | null) => Verdict;

const noSuppression: VerdictOf = () => ({ suppressedBy: null, shadowedBy: [] });

export function namespaceOf(fields: OutputFields): string | null {
  for (const key of ["k8s.ns.name", "ka.target.namespace"]) {
    const value = fields[key];
    if (typeof value === "string" && value !== "" && value !== "<NA>") return value;
  }
  return null;
}

export function prepareAlert(
  alert: FalcoAlert,
  credential: IngestCredential,
  tenantOf: (cluster: string, namespace: string) => string | null,
  verdictOf: VerdictOf = noSuppression,
): PreparedAlert {
  const fields = alert.outputFields;
  const namespace = namespaceOf(fields);
  const tenantId = namespace === null ? null : tenantOf(credential.clusterName, namespace);
  const bucket: GroupBucket = tenantId
    ? { segment: "tenant", tenantId }
    : { segment: namespace === null ? "host" : "unassigned", clusterId: credential.clusterId };
  const identity = identityOf(alert);
  const fingerprint = fingerprintOf(alert, identity);
  const dedupKey = dedupKeyOf(credential.clusterId, alert);
  const groupKey = groupKeyOf(bucket, fingerprint);
  const verdict = verdictOf({ ...alert, cluster: credential.clusterName, namespace, outputFields: fields }, tenantId);
  return {
    dedupKey,
    shadowedBy: verdict.shadowedBy,
    group: {
      key: groupKey,
      fingerprint,
      segment: bucket.segment,
      tenant_id: tenantId,
      cluster_id: bucket.segment === "tenant" ? null : bucket.clusterId,
      rule: alert.rule,
      source: alert.source,
      identity,
      time: alert.time.micros,
      priority: alert.priority,
    },
    row: {
      dedup_key: dedupKey,
      group_key: groupKey,
      cluster_id: credential.clusterId,
      tenant_id: tenantId,
      namespace,
      hostname: alert.hostname,
      source: alert.source,
      rule: alert.rule,
      priority: alert.priority,
      time: alert.time.micros,
      time_nanos: alert.time.nanos,
      output: alert.output,
      output_fields: fields,
      tags: alert.tags,
      labels: alert.labels,
      sender_uuid: alert.uuid ?? null,
      proc_name: promotedValue(fields, "proc.name"),
      proc_exepath: promotedValue(fields, "proc.exepath"),
      container_image: promotedValue(fields, "container.image.repository"),
      pod_name: promotedValue(fields, "k8s.pod.name"),
      ka_user_name: promotedValue(fields, "ka.user.name"),
      suppressed_by: verdict.suppressedBy,
    },
  };
}
