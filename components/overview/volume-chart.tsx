"use client";

import { Bar, BarChart, CartesianGrid, Rectangle, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from "recharts";
import { ChartFrame, DataTable } from "@/components/overview/chart-frame";
import { useIsClient } from "@/components/overview/use-is-client";
import { groupsLink, prioritiesHighFirst, priorityColor } from "@/components/overview/overview-links";
import type { VolumeBucket } from "@/lib/overview/alert-volume";

type Row = { label: string; from: string; to: string } & Record<string, number | string>;

function bucketLabel(from: string, bucketHours: number): string {
  return bucketHours === 1 ? `${from.slice(11, 16)}` : from.slice(5, 10);
}

/**
 * Alerts per bucket, stacked by priority (highest on top), with the suppressed ones as a pale
 * segment of their own. Each segment links to the list of the groups it counts.
 */
export function VolumeChart({ buckets, bucketHours, tenant }: { buckets: VolumeBucket[]; bucketHours: number; tenant?: string }) {
  const isClient = useIsClient();
  const hourMs = 3_600_000;
  const rows: Row[] = buckets.map((b) => ({
    label: bucketLabel(b.from, bucketHours),
    from: b.from,
    to: new Date(Date.parse(b.from) + bucketHours * hourMs).toISOString(),
    ...b.byPriority,
    suppressed: b.suppressed,
  }));
  const present = prioritiesHighFirst.filter((p) => buckets.some((b) => (b.byPriority[p] ?? 0) > 0)).toReversed();
  const hasSuppressed = buckets.some((b) => b.suppressed > 0);
  const series = [...present, ...(hasSuppressed ? ["suppressed"] : [])];
  const total = buckets.reduce((sum, b) => sum + Object.values(b.byPriority).reduce((s: number, n) => s + (n ?? 0), 0), 0);
  const suppressed = buckets.reduce((sum, b) => sum + b.suppressed, 0);
  const step = bucketHours === 1 ? "hour" : "day";
  const summary = `Alerts per ${step}, by priority: ${total} in all${hasSuppressed ? `, and ${suppressed} suppressed` : ""}.`;
  const linkOf = (key: string, row: Row) =>
    key === "suppressed"
      ? groupsLink({ tenant, suppressed: "only", since: row.from, until: row.to })
      : groupsLink({ tenant, priority: key, priorityMatch: "exactly", since: row.from, until: row.to });

  return (
    <ChartFrame
      summary={summary}
      table={
        <DataTable
          caption={summary}
          head={[step === "hour" ? "Hour (UTC)" : "Day (UTC)", ...series]}
          rows={rows.map((row) => [
            row.from,
            ...series.map((key) => {
              const n = Number(row[key] ?? 0);
              return n === 0 ? "0" : <a key={key} href={linkOf(key, row)} className="underline">{n}</a>;
            }),
          ])}
        />
      }
    >
      {total + suppressed === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No alert in this period.</p>
      ) : !isClient ? (
        <div className="h-60" />
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeOpacity={0.2} vertical={false} />
            <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" />
            <YAxis allowDecimals={false} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" width={48} />
            <Tooltip contentStyle={{ background: "Canvas", color: "CanvasText" }} />
            {series.map((key) => (
              <Bar
                key={key}
                dataKey={key}
                stackId="alerts"
                fill={key === "suppressed" ? "var(--chart-suppressed)" : priorityColor(key)}
                isAnimationActive={false}
                shape={(props: BarShapeProps) => {
                  const row = props.payload as Row;
                  const n = Number(row[key] ?? 0);
                  return (
                    <a href={linkOf(key, row)} aria-label={`${row.from}: ${n} ${key}`}>
                      <Rectangle {...props} />
                    </a>
                  );
                }}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
