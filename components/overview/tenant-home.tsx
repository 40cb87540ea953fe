"use client";

import { BarListChart } from "@/components/overview/bar-list-chart";
import { groupsLink, prioritiesHighFirst, priorityColor } from "@/components/overview/overview-links";
import { VolumeChart } from "@/components/overview/volume-chart";
import { Panel } from "@/components/ui/page-shell";
import { countOf } from "@/components/ui/plural";
import type { TenantHome as TenantHomeData } from "@/lib/overview/tenant-home";

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** A tenant's posture, charts first: every bar and segment links to the triage list filtered to it. */
export function TenantHome({ home }: { home: TenantHomeData }) {
  const tenant = home.tenant.slug;
  const since = home.period.from;
  const { backlog, changes, suppression } = home;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="lg:col-span-2">
        <Panel heading="Alerts over time">
          <VolumeChart buckets={home.volume} bucketHours={home.period.bucketHours} tenant={tenant} />
        </Panel>
      </div>
      <Panel heading="Top rules">
        <BarListChart
          summary={`The ${home.topRules.length === 1 ? "rule" : `${home.topRules.length} rules`} with the most alerts in the period`}
          unit="alert"
          empty="No alert in this period."
          items={home.topRules.map((r) => ({
            label: r.rule,
            value: r.count,
            color: priorityColor(r.priority),
            href: groupsLink({ tenant, rule: r.rule, since }),
            extra: [r.priority],
          }))}
          extraHead={["Highest priority"]}
        />
      </Panel>
      <Panel heading="Top workloads">
        <BarListChart
          summary={`The busiest namespaces and images in the period${home.topWorkloads.isPartial ? `, over its newest ${countOf(home.topWorkloads.sampled, "alert")}` : ""}`}
          unit="alert"
          empty="No alert in this period."
          items={home.topWorkloads.items.map((w) => ({
            label: w.image ? `${w.namespace} · ${w.image}` : w.namespace,
            value: w.count,
            href: groupsLink({ tenant, namespace: w.namespace || undefined, q: w.image ?? undefined, since }),
          }))}
        />
        {home.topWorkloads.isPartial ? <p className="text-xs text-slate-500">Counted over the newest {home.topWorkloads.sampled} alerts of the period.</p> : null}
      </Panel>
      <Panel heading="Open groups by priority">
        <BarListChart
          summary={`${countOf(backlog.open, "open group")}, by their highest priority`}
          unit="open group"
          empty="No open group."
          items={prioritiesHighFirst
            .filter((p) => (backlog.openByPriority[p] ?? 0) > 0)
            .map((p) => ({ label: p, value: backlog.openByPriority[p]!, color: priorityColor(p), href: groupsLink({ tenant, status: "open", priority: p, priorityMatch: "exactly" }) }))}
        />
      </Panel>
      <Panel heading="Triage backlog">
        <dl className="grid grid-cols-2 gap-2 text-sm">
          <dt>Open</dt>
          <dd className="text-right tabular-nums">
            <a className="underline" href={groupsLink({ tenant, status: "open" })}>{backlog.open}</a>
          </dd>
          <dt>Acknowledged</dt>
          <dd className="text-right tabular-nums">
            <a className="underline" href={groupsLink({ tenant, status: "acknowledged" })}>{backlog.acknowledged}</a>
          </dd>
          <dt>Oldest unhandled</dt>
          <dd className="text-right">
            {backlog.oldestOpen ? (
              <a className="underline" href={`/groups/${backlog.oldestOpen.id}`}>
                {backlog.oldestOpen.rule}, first seen {backlog.oldestOpen.firstSeen.slice(0, 16).replace("T", " ")} UTC
              </a>
            ) : (
              "none"
            )}
          </dd>
        </dl>
      </Panel>
      <Panel heading="Since yesterday">
        <p className="text-sm">
          {countOf(changes.today, "alert")} in the 24 hours to {changes.until.slice(11, 16)} UTC, {changes.yesterday} in the 24 before.
        </p>
        <BarListChart
          summary="Rules whose alerts changed most since yesterday (the last 24 whole hours)"
          unit={{ one: "alert today", other: "alerts today" }}
          empty="Nothing changed."
          items={changes.rules.map((r) => ({
            label: r.isNew ? `${r.rule} (new)` : r.rule,
            value: r.today,
            // no `until`: the list would leave out the groups still firing, which are the point
            href: groupsLink({ tenant, rule: r.rule, since: changes.since }),
            extra: [r.yesterday],
          }))}
          extraHead={["alerts the day before"]}
        />
      </Panel>
      <Panel heading="Suppressed">
        <p className="text-sm">
          <a className="underline" href={groupsLink({ tenant, suppressed: "only", since })}>
            {percent(suppression.share)} of the period&apos;s alerts suppressed
          </a>{" "}
          ({suppression.suppressed} of {suppression.total}).
        </p>
        <BarListChart
          summary="The Falco rules whose alerts were suppressed most"
          unit={{ one: "suppressed", other: "suppressed" }}
          empty="No alert suppressed in this period."
          items={suppression.byRule.map((r) => ({ label: r.rule, value: r.suppressed, color: "var(--chart-suppressed)", href: groupsLink({ tenant, rule: r.rule, suppressed: "only", since }) }))}
        />
        {suppression.bySuppression.length > 0 ? (
          <ul className="text-sm">
            {suppression.bySuppression.map((s) => (
              <li key={s.id}>
                Suppression rule #{s.id} ({s.comment}): {countOf(s.suppressed, "alert")}
              </li>
            ))}
          </ul>
        ) : null}
      </Panel>
      <div className="lg:col-span-2">
        <Panel heading="Newest alerts">
          {home.newestAlerts.length === 0 ? (
            <p>No alert yet. Alerts from the namespaces above appear here as soon as Falco sends them.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead>
                <tr>
                  <th scope="col" className="pr-3">Time</th>
                  <th scope="col" className="pr-3">Priority</th>
                  <th scope="col" className="pr-3">Rule</th>
                  <th scope="col" className="pr-3">Namespace</th>
                  <th scope="col">Output</th>
                </tr>
              </thead>
              <tbody>
                {home.newestAlerts.map((alert) => (
                  <tr key={alert.id} className="border-t border-slate-200 align-top dark:border-slate-800">
                    <td className="whitespace-nowrap pr-3">{alert.time}</td>
                    <td className="pr-3">{alert.priority}</td>
                    <td className="pr-3">
                      <a className="underline" href={`/groups/${alert.groupId}`}>
                        {alert.rule}
                      </a>
                    </td>
                    <td className="pr-3">{alert.namespace}</td>
                    <td className="break-all font-mono text-xs">{alert.output}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
    </div>
  );
}
