-- Every namespace a group's alerts came from, one row each, kept at ingest: the list's namespace
-- filter starts from here. The group's origins hold one row per host as well (hundreds of
-- thousands for a namespace of a large tenant), and an array with a GIN index does not help under
-- row-level security, where only leakproof operators such as = reach an index before the policy.
CREATE TABLE "alert_group_namespaces" (
    "group_id" BIGINT NOT NULL,
    "namespace" TEXT NOT NULL,
    -- the group's, for row-level security without a lookup
    "tenant_id" UUID,
    CONSTRAINT "alert_group_namespaces_pkey" PRIMARY KEY ("group_id", "namespace")
);
CREATE INDEX "alert_group_namespaces_namespace_group_id_idx" ON "alert_group_namespaces"("namespace", "group_id");
ALTER TABLE "alert_group_namespaces" ADD CONSTRAINT "alert_group_namespaces_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "alert_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "alert_group_namespaces" ADD CONSTRAINT "alert_group_namespaces_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

INSERT INTO "alert_group_namespaces" ("group_id", "namespace", "tenant_id")
SELECT DISTINCT "group_id", "namespace", "tenant_id" FROM "alert_group_origins" WHERE "namespace" <> '';

ALTER TABLE "alert_group_namespaces" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "alert_group_namespaces" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_scope" ON "alert_group_namespaces" USING ("falconry_sees"("tenant_id"));

DO $$
DECLARE
    app text := (SELECT "name" FROM "app_role");
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON "alert_group_namespaces" TO %I', app);
END
$$;
