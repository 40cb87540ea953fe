-- Where each group's alerts came from, and the tags they carry, kept at ingest: the group list
-- filters by cluster, namespace, host and tag, and the group page shows its spread over them,
-- without reading the group's alerts (a group may hold millions).
CREATE TABLE "alert_group_origins" (
    "group_id" BIGINT NOT NULL,
    "cluster_id" UUID NOT NULL,
    -- '' for host-level alerts, which have no namespace ('' is never a Kubernetes namespace)
    "namespace" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    "last_seen" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "alert_group_origins_pkey" PRIMARY KEY ("group_id", "cluster_id", "namespace", "hostname")
);
-- "Groups with alerts from this namespace / host", from the other side.
CREATE INDEX "alert_group_origins_cluster_id_namespace_idx" ON "alert_group_origins"("cluster_id", "namespace");
CREATE INDEX "alert_group_origins_namespace_idx" ON "alert_group_origins"("namespace");
CREATE INDEX "alert_group_origins_hostname_idx" ON "alert_group_origins"("hostname");

ALTER TABLE "alert_group_origins" ADD CONSTRAINT "alert_group_origins_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "alert_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "alert_group_origins" ADD CONSTRAINT "alert_group_origins_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

INSERT INTO "alert_group_origins" ("group_id", "cluster_id", "namespace", "hostname", "count", "last_seen")
SELECT "group_id", "cluster_id", coalesce("namespace", ''), "hostname", count(*), max("time")
FROM "alerts" GROUP BY 1, 2, 3, 4;

ALTER TABLE "alert_group_origins" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "alert_group_origins" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_scope" ON "alert_group_origins"
    USING (EXISTS (SELECT FROM "alert_groups" g WHERE g."id" = "group_id"));

-- Every tag the group's alerts carried (Falco's rule tags: MITRE techniques and the like).
ALTER TABLE "alert_groups" ADD COLUMN "tags" TEXT[] DEFAULT '{}';
UPDATE "alert_groups" g SET "tags" = t."tags"
FROM (
    SELECT a."group_id", array_agg(DISTINCT tag ORDER BY tag) AS "tags"
    FROM "alerts" a, unnest(a."tags") AS tag GROUP BY a."group_id"
) t
WHERE g."id" = t."group_id";
CREATE INDEX "alert_groups_tags_idx" ON "alert_groups" USING GIN ("tags");

DO $$
DECLARE
    app text := (SELECT "name" FROM "app_role");
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON "alert_group_origins" TO %I', app);
END
$$;
