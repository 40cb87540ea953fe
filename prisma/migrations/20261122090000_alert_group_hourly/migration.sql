CREATE TABLE "alert_group_hourly" (
    "group_id" BIGINT NOT NULL,
    "hour" TIMESTAMPTZ(6) NOT NULL,
    "priority" "priority" NOT NULL,
    "count" BIGINT NOT NULL,
    CONSTRAINT "alert_group_hourly_pkey" PRIMARY KEY ("group_id", "hour", "priority")
);
CREATE INDEX "alert_group_hourly_hour_idx" ON "alert_group_hourly"("hour");

ALTER TABLE "alert_group_hourly" ADD CONSTRAINT "alert_group_hourly_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "alert_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "alert_group_hourly" ("group_id", "hour", "priority", "count")
SELECT "group_id", date_trunc('hour', "time", 'UTC'), "priority", count(*)
FROM "alerts"
GROUP BY 1, 2, 3;
