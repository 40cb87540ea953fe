-- Set by ingest when a namespace's alerts were stored under more than one tenant (an alert
-- prepared with a replica's old tenant patterns, committed after a change), cleared by the
-- re-segmentation that moves them: tenant_id alone, the last alert's tenant, could hide them.
ALTER TABLE "cluster_namespaces" ADD COLUMN "has_misplaced_alerts" BOOLEAN NOT NULL DEFAULT false;

-- Namespaces whose alerts are already split between tenants, which tenant_id hid: the next start
-- re-segments them.
UPDATE "cluster_namespaces" n SET "has_misplaced_alerts" = true
WHERE EXISTS (
  SELECT FROM "alerts" a
  WHERE a."cluster_id" = n."cluster_id" AND a."namespace" = n."namespace" AND a."tenant_id" IS DISTINCT FROM n."tenant_id"
);
