import type { Tx } from "@/lib/db/prisma";
import type { OverviewPeriod } from "@/lib/overview/overview-period";

const minuteMs = 60_000;
/** Silent for this many usual gaps: by chance about once in twenty for a steady sender (e^-3). */
const silentGaps = 3;
/** Never flag a silence shorter than this, however busy the cluster. */
const minimumSilenceMs = 15 * minuteMs;

export interface HealthAlert {
  groupId: string;
  cluster: string | null;
  hostname: string;
  rule: string;
  /** Its alerts in the period. */
  count: number;
  lastSeen: string;
}

export interface ClusterSilence {
  cluster: string;
  /** The newest of its tokens' last use and its newest alert's hour; null if it never sent. */
  lastHeard: string | null;
  /** Alerts on the UTC day it was last heard and the 6 before it. */
  weekAlerts: number;
  /** The mean time between those alerts, in ms; null without any. */
  usualGapMs: number | null;
  isSilent: boolean;
  tokens: Array<{ label: string | null; hint: string; lastUsedAt: string | null; isSilent: boolean }>;
}

/**
 * Where Falco may have gone blind: its own health alerts (source `internal`, e.g. syscall event
 * drops) per cluster and host in the period, from the few groups they form; and clusters (and
 * their ingest tokens) silent for longer than usual. A cluster's usual gap is the mean time between
 * its alerts on the UTC day it was last heard and the 6 before it (daily rollups): the time from
 * the first of those days it sent on to when it was last heard, over their count (both over the same
 * span, or a gap comes out short); it is flagged once silent for
 * `silentGaps` of them (and at least `minimumSilenceMs`), or when it has tokens and never sent. For
 * people who see every tenant.
 */
export async function listBlindSpots(tx: Tx, period: OverviewPeriod, now = new Date()) {
  const health = await tx.$queryRaw<Array<Omit<HealthAlert, "lastSeen"> & { lastSeen: Date }>>`
    SELECT g.id::text AS "groupId", c.name AS cluster, coalesce(g.identity->>'hostname', '') AS hostname, g.rule,
      coalesce((SELECT sum(h.count) FROM alert_group_hourly h
        WHERE h.group_id = g.id AND h.hour >= ${period.from.toISOString()}::timestamptz AND h.hour < ${period.to.toISOString()}::timestamptz), 0)::float8 AS count,
      g.last_seen AS "lastSeen"
    FROM alert_groups g LEFT JOIN clusters c ON c.id = g.cluster_id
    WHERE g.source = 'internal' AND g.last_seen >= ${period.from.toISOString()}::timestamptz
    ORDER BY 5 DESC, 2, 3, 4
    LIMIT 50`;

  const clusters = await tx.$queryRaw<Array<{ name: string; lastHeard: Date | null; hasTokens: boolean; weekAlerts: number; firstDay: Date | null }>>`
    SELECT c.name, h.last_heard AS "lastHeard", l.has_tokens AS "hasTokens", coalesce(w.alerts, 0)::float8 AS "weekAlerts", w.first_day AS "firstDay"
    FROM clusters c
    CROSS JOIN LATERAL (
      SELECT (SELECT r.bucket FROM alert_rollups r WHERE r.cluster_id = c.id AND r.bucket_hours = 1 ORDER BY r.bucket DESC LIMIT 1) AS last_alert_hour,
        (SELECT max(t.last_used_at) FROM ingest_tokens t WHERE t.cluster_id = c.id) AS last_token_use,
        EXISTS (SELECT FROM ingest_tokens t WHERE t.cluster_id = c.id AND t.revoked_at IS NULL) AS has_tokens
    ) l
    CROSS JOIN LATERAL (SELECT greatest(l.last_alert_hour, l.last_token_use) AS last_heard) h
    LEFT JOIN LATERAL (
      SELECT sum(r.count) AS alerts, min(r.bucket) AS first_day
      FROM alert_rollups r
      WHERE r.cluster_id = c.id AND r.bucket_hours = 24
        AND r.bucket > h.last_heard - interval '7 days' AND r.bucket <= h.last_heard
    ) w ON true
    ORDER BY c.name`;
  const tokens = await tx.$queryRaw<Array<{ cluster: string; label: string | null; hint: string; lastUsedAt: Date | null }>>`
    SELECT c.name AS cluster, t.label, t.hint, t.last_used_at AS "lastUsedAt"
    FROM ingest_tokens t JOIN clusters c ON c.id = t.cluster_id
    WHERE t.revoked_at IS NULL
    ORDER BY c.name, t.created_at`;

  const silences: ClusterSilence[] = [];
  for (const cluster of clusters) {
    const { lastHeard, weekAlerts, firstDay } = cluster;
    // over the span its counted days cover: from the first of them it sent on (a newer cluster has
    // a shorter history) to when it was last heard
    const usualGapMs = lastHeard && firstDay && weekAlerts > 0 ? Math.max(lastHeard.getTime() - firstDay.getTime(), 60 * minuteMs) / weekAlerts : null;
    const silentFor = lastHeard ? now.getTime() - lastHeard.getTime() : null;
    const threshold = usualGapMs === null ? null : Math.max(silentGaps * usualGapMs, minimumSilenceMs);
    const isSilent = lastHeard === null ? cluster.hasTokens : threshold !== null && silentFor! > threshold;
    silences.push({
      cluster: cluster.name,
      lastHeard: lastHeard?.toISOString() ?? null,
      weekAlerts,
      usualGapMs,
      isSilent,
      tokens: tokens
        .filter((t) => t.cluster === cluster.name)
        .map((t) => ({
          label: t.label,
          hint: t.hint,
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          isSilent: t.lastUsedAt === null || (threshold !== null && now.getTime() - t.lastUsedAt.getTime() > threshold),
        })),
    });
  }
  return {
    health: health.map((row) => ({ ...row, lastSeen: row.lastSeen.toISOString() })),
    clusters: silences.sort((a, b) => Number(b.isSilent) - Number(a.isSilent) || a.cluster.localeCompare(b.cluster)),
  };
}
