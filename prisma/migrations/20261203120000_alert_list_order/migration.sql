-- The alert list of people who see every tenant reads newest first across all alerts: without an
-- index in that order, each page sorted every alert (seconds at 10 million). It also answers any
-- range of event time, so it replaces the BRIN index on time.
DROP INDEX "alerts_time_idx";
CREATE INDEX "alerts_time_id_idx" ON "alerts"("time" DESC, "id" DESC);
