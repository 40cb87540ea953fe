"use client";

import { useState } from "react";
import { BarListChart } from "@/components/overview/bar-list-chart";
import { groupsLink } from "@/components/overview/overview-links";
import { VolumeChart } from "@/components/overview/volume-chart";
import { Panel } from "@/components/ui/page-shell";
import { countOf } from "@/components/ui/plural";
import type { CentralOverview as CentralOverviewData } from "@/lib/overview/central-overview";
import type { TenantPosture } from "@/lib/overview/tenant-postures";

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const day = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never");

function hours(ms: number): string {
  return ms >= 86_400_000 ? `${(ms / 86_400_000).toFixed(1)} days` : ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} hours` : `${Math.round(ms / 60_000)} minutes`;
}

type SortKey = "name" | "alerts" | "trend" | "openSevere" | "oldestOpen" | "suppressedShare";
const columns: Array<{ key: SortKey; label: string }> = [
  { key: "name", label: "Tenant" },
  { key: "alerts", label: "Alerts" },
  { key: "trend", label: "Change" },
  { key: "openSevere", label: "Open critical/error" },
  { key: "oldestOpen", label: "Oldest open" },
  { key: "suppressedShare", label: "Suppressed" },
];

function sortValue(t: TenantPosture, key: SortKey): number | string {
  switch (key) {
    case "name":
      return t.name.toLowerCase();
    case "trend":
      return t.comparedAlerts - t.previousAlerts;
    case "oldestOpen":
      // the oldest first when descending: an older backlog sorts higher
      return t.oldestOpen ? -Date.parse(t.oldestOpen) : -Infinity;
    default:
      return t[key];
  }
}

function TrendBars({ trend }: { trend: number[] }) {
  const highest = Math.max(1, ...trend);
  return (
    <svg aria-hidden width={60} height={16} className="inline-block align-middle text-sky-600 dark:text-sky-400">
      {trend.map((n, i) => (n === 0 ? null : <rect key={i} x={(i * 60) / trend.length} width={Math.max(60 / trend.length - 1, 1)} y={16 - Math.max(1, (n / highest) * 16)} height={Math.max(1, (n / highest) * 16)} fill="currentColor" />))}
    </svg>
  );
}

/** Every tenant side by side, sortable by any column; silent tenants are flagged, never shown as calm. */
function TenantTable({ tenants, since }: { tenants: TenantPosture[]; since: string }) {
  const [sort, setSort] = useState<{ key: SortKey; isDescending: boolean }>({ key: "alerts", isDescending: true });
  const sorted = tenants.toSorted((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    const order = x < y ? -1 : x > y ? 1 : a.slug.localeCompare(b.slug);
    return sort.isDescending ? -order : order;
  });
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Tenants, sortable</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className="pr-3" aria-sort={sort.key === c.key ? (sort.isDescending ? "descending" : "ascending") : "none"}>
                <button type="button" className="font-semibold" onClick={() => setSort((s) => ({ key: c.key, isDescending: s.key === c.key ? !s.isDescending : c.key !== "name" }))}>
                  {c.label}
                  {sort.key === c.key ? (sort.isDescending ? " ↓" : " ↑") : ""}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((t) => (
            <tr key={t.slug} className="border-t border-slate-200 dark:border-slate-800">
              <td className="py-1 pr-3">
                <a href={`/t/${t.slug}`} className="font-medium underline">
                  {t.name}
                </a>
                {t.isSilent ? (
                  <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">no alerts: quiet or blind?</span>
                ) : null}
              </td>
              <td className="pr-3 tabular-nums">
                <a className="underline" href={groupsLink({ tenant: t.slug, since })}>{t.alerts}</a>
              </td>
              <td className="pr-3 tabular-nums">
                <TrendBars trend={t.trend} /> {t.comparedAlerts - t.previousAlerts >= 0 ? "+" : ""}
                {t.comparedAlerts - t.previousAlerts}
              </td>
              <td className="pr-3 tabular-nums">
                <a className="underline" href={groupsLink({ tenant: t.slug, status: "open", priority: "error" })}>{t.openSevere}</a>
              </td>
              <td className="pr-3">{t.oldestOpen ? day(t.oldestOpen) : "none"}</td>
              <td className="pr-3 tabular-nums">{percent(t.suppressedShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The central team's view: which tenants, rules and clusters make the noise and the danger, and which went blind. */
export function CentralOverview({ overview }: { overview: CentralOverviewData }) {
  const since = overview.period.from;
  const silentClusters = overview.blindSpots.clusters.filter((c) => c.isSilent);
  const silentTenants = overview.tenants.filter((t) => t.isSilent);
  return (
    <div className="flex flex-col gap-6">
      <Panel heading="Blind or quiet">
        {silentClusters.length === 0 && overview.blindSpots.health.length === 0 && silentTenants.length === 0 ? (
          <p className="text-sm">Every cluster is sending as usual and Falco reported no trouble in this period.</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm">
            {silentClusters.map((c) => (
              <li key={c.cluster} role="alert" className="rounded border border-amber-400 bg-amber-50 px-3 py-1 dark:bg-amber-950">
                Cluster <strong>{c.cluster}</strong>{" "}
                {c.lastHeard
                  ? `silent since ${day(c.lastHeard)}${c.usualGapMs ? `; it usually sends every ${hours(c.usualGapMs)}` : ""}`
                  : "has an ingest token but never sent anything"}
                {c.tokens.filter((t) => t.isSilent).map((t) => (
                  <span key={t.hint} className="ml-2 text-xs">
                    token {t.label ?? "…" + t.hint}: last used {day(t.lastUsedAt)}
                  </span>
                ))}
              </li>
            ))}
            {overview.blindSpots.health.map((h) => (
              <li key={h.groupId} className="rounded border border-amber-400 bg-amber-50 px-3 py-1 dark:bg-amber-950">
                <a className="underline" href={groupsLink({ source: "internal", rule: h.rule, cluster: h.cluster ?? undefined, hostname: h.hostname || undefined, since })}>
                  {h.rule}
                </a>{" "}
                on {h.cluster ?? "?"} / {h.hostname}: {h.count} in the period, last {day(h.lastSeen)}
              </li>
            ))}
            {silentTenants.length > 0 ? (
              <li className="rounded border border-amber-400 bg-amber-50 px-3 py-1 dark:bg-amber-950">
                {countOf(silentTenants.length, "tenant")} sent no alert in this period: {silentTenants.slice(0, 10).map((t) => t.name).join(", ")}
                {silentTenants.length > 10 ? ", …" : ""}
              </li>
            ) : null}
          </ul>
        )}
      </Panel>
      <Panel heading="Alert volume">
        <VolumeChart buckets={overview.volume} bucketHours={overview.period.bucketHours} />
      </Panel>
      <Panel heading="Tenants">
        <TenantTable tenants={overview.tenants} since={since} />
      </Panel>
      <Panel heading="Noisiest rules">
        <BarListChart
          summary="The rules with the most alerts across tenants in the period, suppressed ones included"
          unit="alert"
          empty="No alert in this period."
          items={overview.noisyRules.map((r) => ({
            label: r.rule,
            value: r.alerts,
            href: groupsLink({ rule: r.rule, since, suppressed: "include" }),
            extra: [r.tenants, percent(r.falsePositiveShare), percent(r.suppressedShare)],
          }))}
          extraHead={["tenants hit", "closed as false positive", "suppressed"]}
        />
        <ol className="list-decimal pl-6 text-sm" aria-label="Rule noise ranking">
          {overview.noisyRules.map((r) => (
            <li key={r.rule}>
              {r.rule}: {countOf(r.alerts, "alert")}, {countOf(r.tenants, "tenant")}, {percent(r.falsePositiveShare)} of closed groups false positive, {percent(r.suppressedShare)} suppressed
            </li>
          ))}
        </ol>
      </Panel>
      <Panel heading="Unassigned namespaces">
        <BarListChart
          summary="Namespaces no tenant claims, by their alerts so far"
          unit="alert"
          empty="Every namespace seen so far belongs to a tenant."
          items={overview.unassigned.map((n) => ({ label: `${n.cluster}/${n.namespace}`, value: n.alerts, href: groupsLink({ cluster: n.cluster, namespace: n.namespace }), extra: [day(n.lastSeen)] }))}
          extraHead={["last seen"]}
        />
      </Panel>
    </div>
  );
}
