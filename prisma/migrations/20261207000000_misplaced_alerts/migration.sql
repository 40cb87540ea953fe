-- Set by ingest when a namespace's alerts were stored under more than one tenant (an alert
-- prepared with a replica's old tenant patterns, committed after a change), cleared by the
-- re-segmentation that moves them: tenant_id alone, the last alert's tenant, could hide them.
ALTER TABLE "cluster_namespaces" ADD COLUMN "has_misplaced_alerts" BOOLEAN NOT NULL DEFAULT false;
