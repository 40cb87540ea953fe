"use client";

import { Bar, BarChart, Rectangle, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from "recharts";
import { ChartFrame, DataTable } from "@/components/overview/chart-frame";
import { useIsClient } from "@/components/overview/use-is-client";
import { countOf, nounOf, type Noun } from "@/components/ui/plural";

export interface BarItem {
  label: string;
  value: number;
  /** The triage list filtered to what the bar counts. */
  href: string;
  color?: string;
  /** More columns for the table. */
  extra?: Array<string | number>;
}

/**
 * Horizontal bars, largest first as given, each a link named "<label>: <value> <unit>" to the list
 * filtered to it; the table under it, its value column headed by the plural unit, has the same links
 * and any extra columns.
 */
export function BarListChart({ items, unit, summary, extraHead = [], empty }: { items: BarItem[]; unit: Noun; summary: string; extraHead?: string[]; empty: string }) {
  const isClient = useIsClient();
  const height = Math.max(80, items.length * 28 + 24);
  return (
    <ChartFrame
      summary={summary}
      table={
        <DataTable
          caption={summary}
          head={["", nounOf(unit).other, ...extraHead]}
          rows={items.map((item) => [
            <a key="l" href={item.href} className="underline">
              {item.label}
            </a>,
            item.value,
            ...(item.extra ?? []),
          ])}
        />
      }
    >
      {items.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{empty}</p>
      ) : !isClient ? (
        <div className="h-20" />
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={items} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
            <XAxis type="number" allowDecimals={false} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" />
            <YAxis type="category" dataKey="label" width={220} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" interval={0} />
            <Tooltip />
            <Bar
              dataKey="value"
              fill="var(--chart-bar)"
              isAnimationActive={false}
              shape={(props: BarShapeProps) => {
                const item = props.payload as BarItem;
                return (
                  <a href={item.href} aria-label={`${item.label}: ${countOf(item.value, unit)}`}>
                    <Rectangle {...props} fill={item.color ?? props.fill} />
                  </a>
                );
              }}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
