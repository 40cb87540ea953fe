-- The triage backlog (open and acknowledged groups with an alert no suppression rule matched, as
-- the default list counts them), one partial index per question. Under row-level security status
-- and priority, enums whose comparisons are not leakproof, cannot narrow an index scan, so the
-- single backlog index made every count read all of a tenant's entries (and the overview, every
-- tenant's); a partial index's own condition does narrow it.

-- Open groups by tenant, oldest first: the oldest unhandled one, and counts by priority.
CREATE INDEX "alert_groups_open_idx" ON "alert_groups"("tenant_id", "first_seen", "max_priority")
    WHERE "status" = 'open' AND "count" > "suppressed_count";
-- Open groups of priority error or worse, counted per tenant side by side.
CREATE INDEX "alert_groups_open_severe_idx" ON "alert_groups"("tenant_id")
    WHERE "status" = 'open' AND "count" > "suppressed_count" AND "max_priority" >= 'error';
CREATE INDEX "alert_groups_acknowledged_idx" ON "alert_groups"("tenant_id")
    WHERE "status" = 'acknowledged' AND "count" > "suppressed_count";

DROP INDEX "alert_groups_backlog_idx";
