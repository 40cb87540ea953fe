import type { Tx } from "@/lib/db/prisma";

/*
 * Where a group's alerts came from: the top values by namespace (with its cluster), by host and by
 * pod, each with its count (a bigint as digits) and its share of the whole. Namespaces and hosts are
 * exact, from alert_group_origins, which ingest keeps; pods are not kept there, so they are counted
 * over the group's newest alerts only, and say so. Run inside the caller's scopedTransaction, once
 * the group is known to be the caller's: row-level security filters these tables again.
 */

/** How many values of each kind are shown. */
export const spreadTopValues = 10;
/** Pods are counted over at most this many of the group's newest alerts. */
export const podSampleSize = 10_000;

interface Counted {
  count: string;
  /** Of the alerts counted, 0 to 1, rounded down to four decimals. */
  share: number;
}

export interface GroupSpread {
  /** The group's alerts, as the origins count them. */
  total: string;
  namespaces: { distinct: number; items: Array<Counted & { cluster: string; namespace: string | null }> };
  hosts: { distinct: number; items: Array<Counted & { hostname: string }> };
  /** `sampled`: the newest alerts counted; `isPartial` when the group has more. */
  pods: { distinct: number; sampled: number; isPartial: boolean; items: Array<Counted & { pod: string | null }> };
}

function shareOf(count: string, total: bigint): number {
  return total === 0n ? 0 : Number((BigInt(count) * 10_000n) / total) / 10_000;
}

/** Window functions count every value and alert before LIMIT keeps the top ones. */
type TopRow = { count: string; distinct: number; total: string };

export async function readGroupSpread(tx: Tx, groupId: string, { podSample = podSampleSize } = {}): Promise<GroupSpread> {
  const namespaces = await tx.$queryRaw<Array<TopRow & { cluster: string; namespace: string | null }>>`
    SELECT c.name AS cluster, nullif(o.namespace, '') AS namespace, sum(o.count)::text AS count,
      (count(*) OVER ())::int AS distinct, (sum(sum(o.count)) OVER ())::text AS total
    FROM alert_group_origins o JOIN clusters c ON c.id = o.cluster_id
    WHERE o.group_id = ${groupId}::bigint
    GROUP BY c.name, o.namespace
    ORDER BY sum(o.count) DESC, c.name, o.namespace
    LIMIT ${spreadTopValues}`;
  const hosts = await tx.$queryRaw<Array<TopRow & { hostname: string }>>`
    SELECT o.hostname, sum(o.count)::text AS count, (count(*) OVER ())::int AS distinct, (sum(sum(o.count)) OVER ())::text AS total
    FROM alert_group_origins o
    WHERE o.group_id = ${groupId}::bigint
    GROUP BY o.hostname
    ORDER BY sum(o.count) DESC, o.hostname
    LIMIT ${spreadTopValues}`;
  // newest first by the alerts' (group_id, time DESC, id DESC) index: a bounded read, however big the group
  const pods = await tx.$queryRaw<Array<TopRow & { pod: string | null }>>`
    WITH newest AS (
      SELECT a.pod_name FROM alerts a WHERE a.group_id = ${groupId}::bigint ORDER BY a.time DESC, a.id DESC LIMIT ${podSample}
    )
    SELECT pod_name AS pod, count(*)::text AS count, (count(*) OVER ())::int AS distinct, (sum(count(*)) OVER ())::text AS total
    FROM newest
    GROUP BY pod_name
    ORDER BY count(*) DESC, pod_name NULLS LAST
    LIMIT ${spreadTopValues}`;

  const total = BigInt(namespaces[0]?.total ?? "0");
  const sampled = BigInt(pods[0]?.total ?? "0");
  const shown = <Row extends TopRow>(rows: Row[], whole: bigint) =>
    rows.map(({ distinct: _distinct, total: _total, count, ...value }) => ({ ...value, count, share: shareOf(count, whole) }));
  return {
    total: total.toString(),
    namespaces: { distinct: namespaces[0]?.distinct ?? 0, items: shown(namespaces, total) },
    hosts: { distinct: hosts[0]?.distinct ?? 0, items: shown(hosts, total) },
    pods: { distinct: pods[0]?.distinct ?? 0, sampled: Number(sampled), isPartial: total > sampled, items: shown(pods, sampled) },
  };
}
