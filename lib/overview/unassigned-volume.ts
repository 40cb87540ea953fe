import type { Tx } from "@/lib/db/prisma";

export interface UnassignedNamespace {
  cluster: string;
  namespace: string;
  /** Every alert it sent so far. */
  alerts: number;
  lastSeen: string;
}

/** Namespaces no tenant claims, most alerts first (cluster_namespaces, kept at ingest). For people who see every tenant. */
export async function listUnassignedVolume(tx: Tx, limit = 20): Promise<UnassignedNamespace[]> {
  const rows = await tx.$queryRaw<Array<{ cluster: string; namespace: string; alerts: number; lastSeen: Date }>>`
    SELECT c.name AS cluster, n.namespace, n.alert_count::float8 AS alerts, n.last_seen AS "lastSeen"
    FROM cluster_namespaces n JOIN clusters c ON c.id = n.cluster_id
    WHERE n.tenant_id IS NULL
    ORDER BY n.alert_count DESC, c.name, n.namespace
    LIMIT ${limit}`;
  return rows.map((row) => ({ ...row, lastSeen: row.lastSeen.toISOString() }));
}
