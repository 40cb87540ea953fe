-- Tenant configuration (tenants, their namespace patterns, which tenant each namespace seen so far
-- belongs to, and who belongs to which tenant) decides which alerts every other tenant sees: a row
-- written here is applied by re-segmentation, which runs with the scope 'all', to every tenant's
-- alerts. So it is read within the scope but written with the scope 'all' only (admins and
-- Falconry's own work). Alerts, their groups and hourly counts stay writable within the scope:
-- triage changes a tenant's own groups, and the policies' check keeps every written row in scope.
CREATE FUNCTION "falconry_sees_all"() RETURNS BOOLEAN
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('falconry.scope', true), '') = 'all'
$$;

DROP POLICY "tenant_scope" ON "tenants";
CREATE POLICY "tenant_scope" ON "tenants" FOR SELECT USING ("falconry_sees"("id"));
CREATE POLICY "insert_with_all" ON "tenants" FOR INSERT WITH CHECK ("falconry_sees_all"());
CREATE POLICY "update_with_all" ON "tenants" FOR UPDATE USING ("falconry_sees_all"()) WITH CHECK ("falconry_sees_all"());
CREATE POLICY "delete_with_all" ON "tenants" FOR DELETE USING ("falconry_sees_all"());

DROP POLICY "tenant_scope" ON "tenant_namespaces";
CREATE POLICY "tenant_scope" ON "tenant_namespaces" FOR SELECT USING ("falconry_sees"("tenant_id"));
CREATE POLICY "insert_with_all" ON "tenant_namespaces" FOR INSERT WITH CHECK ("falconry_sees_all"());
CREATE POLICY "update_with_all" ON "tenant_namespaces" FOR UPDATE USING ("falconry_sees_all"()) WITH CHECK ("falconry_sees_all"());
CREATE POLICY "delete_with_all" ON "tenant_namespaces" FOR DELETE USING ("falconry_sees_all"());

DROP POLICY "tenant_scope" ON "cluster_namespaces";
CREATE POLICY "tenant_scope" ON "cluster_namespaces" FOR SELECT USING ("falconry_sees"("tenant_id"));
CREATE POLICY "insert_with_all" ON "cluster_namespaces" FOR INSERT WITH CHECK ("falconry_sees_all"());
CREATE POLICY "update_with_all" ON "cluster_namespaces" FOR UPDATE USING ("falconry_sees_all"()) WITH CHECK ("falconry_sees_all"());
CREATE POLICY "delete_with_all" ON "cluster_namespaces" FOR DELETE USING ("falconry_sees_all"());

-- A person's tenants are read before any scope exists (their scope is made from them), so every
-- connection reads them; only 'all' may change them, or a scoped connection could widen its own.
ALTER TABLE "user_tenants" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "user_tenants" FORCE ROW LEVEL SECURITY;
CREATE POLICY "read_by_all_connections" ON "user_tenants" FOR SELECT USING (true);
CREATE POLICY "insert_with_all" ON "user_tenants" FOR INSERT WITH CHECK ("falconry_sees_all"());
CREATE POLICY "update_with_all" ON "user_tenants" FOR UPDATE USING ("falconry_sees_all"()) WITH CHECK ("falconry_sees_all"());
CREATE POLICY "delete_with_all" ON "user_tenants" FOR DELETE USING ("falconry_sees_all"());

-- PostgreSQL 14 and older let every role create objects in the public schema: the app role could
-- create tables it owns, or functions and operators that shadow the ones the owner's queries use.
-- The app role's remaining rights are re-checked at every start (lib/db/app-role.ts).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
