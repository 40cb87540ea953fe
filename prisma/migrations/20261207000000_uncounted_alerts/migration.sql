-- Alerts stored but not yet counted into what is kept beside them (their groups' counters, hourly
-- counts, origins and namespaces, the rollups, the namespaces seen): one row per ingest
-- transaction, written in it. The writer counts many such rows together, at most every few hundred
-- milliseconds, in one transaction that deletes them (lib/ingest/count-alerts.ts): a group's
-- counters, with the dozen indexes on alert_groups, are then updated once per count rather than
-- once per ingest transaction. A row left behind by a crash is counted by the next count of any
-- replica.
CREATE TABLE "uncounted_alerts" (
    "id" BIGSERIAL PRIMARY KEY,
    "alert_ids" BIGINT[]
);

-- Alert ids say nothing of their tenant, but only Falconry's own work across tenants needs them.
ALTER TABLE "uncounted_alerts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "uncounted_alerts" FORCE ROW LEVEL SECURITY;
CREATE POLICY "all_tenants_only" ON "uncounted_alerts" USING ((SELECT "falconry_sees_all"()));

DO $$
DECLARE
    app text := (SELECT "name" FROM "app_role");
BEGIN
    -- UPDATE for the count's FOR UPDATE
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON "uncounted_alerts" TO %I', app);
    EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE "uncounted_alerts_id_seq" TO %I', app);
END
$$;
