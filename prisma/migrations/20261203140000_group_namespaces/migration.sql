-- Every namespace a group's alerts came from, kept at ingest beside its tags: the list's namespace
-- filter narrows to the groups that have it through this GIN index. Its origins hold one row per
-- host as well, so for a namespace of a large tenant they gave hundreds of thousands of rows, and
-- the planner scanned every open group of the tenant instead.
ALTER TABLE "alert_groups" ADD COLUMN "namespaces" TEXT[] DEFAULT '{}';
UPDATE "alert_groups" g SET "namespaces" = s."namespaces"
FROM (
    SELECT "group_id", array_agg(DISTINCT "namespace" ORDER BY "namespace") AS "namespaces"
    FROM "alert_group_origins" WHERE "namespace" <> '' GROUP BY "group_id"
) s
WHERE g."id" = s."group_id";
CREATE INDEX "alert_groups_namespaces_idx" ON "alert_groups" USING GIN ("namespaces");
