-- Which tenants own a namespace's groups, in three short index reads however many groups it has:
-- a search by namespace across tenants walks the owner's groups newest first when there is one
-- owner (lib/groups/list-groups.ts). Ingest writes a row here only for a group's first alert from
-- a namespace.
CREATE INDEX "alert_group_namespaces_namespace_tenant_id_idx" ON "alert_group_namespaces"("namespace", "tenant_id");
