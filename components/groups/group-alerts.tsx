"use client";

import Link from "next/link";
import { useGroupAlerts, type AlertItem } from "@/components/groups/alert-api";
import { CopyButton } from "@/components/groups/copy-button";
import { formatJson, showJsonValue } from "@/components/groups/exact-json";
import { alertFieldLinks, type FilterLink } from "@/components/groups/group-links";
import { FormError } from "@/components/ui/form";
import { Panel } from "@/components/ui/page-shell";

/** The group's newest alert field by field (values the list filters by link to it), and all its alerts newest first. Every value as text. */
export function GroupAlerts({ groupId, pod }: { groupId: string; pod: string | null }) {
  const alerts = useGroupAlerts(groupId, pod);
  const items = alerts.data?.pages.flatMap((page) => page.items) ?? [];
  const newest = items[0];
  // the spread's pods link here: say which alerts these are, and the way back to all of them
  const podNote =
    pod === null ? null : (
      <p className="text-sm">
        {`Only the alerts from pod ${pod}. `}
        <Link href={`/groups/${encodeURIComponent(groupId)}`} className="underline">
          All the group's alerts
        </Link>
      </p>
    );
  if (alerts.isPending) {
    return (
      <Panel heading="Alerts">
        <p role="status">Loading the group's alerts…</p>
      </Panel>
    );
  }
  if (alerts.error && items.length === 0) {
    return (
      <Panel heading="Alerts">
        {podNote}
        <FormError message={`${alerts.error.message}. Reload the page to try again.`} />
      </Panel>
    );
  }
  return (
    <>
      <Panel heading="Newest alert">
        {podNote}
        {newest ? <NewestAlert alert={newest} /> : <p className="text-sm">This group has no alert you may see{pod === null ? "" : " from this pod"}.</p>}
      </Panel>
      <Panel heading="Alerts">
        {podNote}
        <AlertTable alerts={items} />
        {alerts.error ? <FormError message={`${alerts.error.message}. Try again.`} /> : null}
        {alerts.hasNextPage ? (
          <button
            type="button"
            disabled={alerts.isFetchingNextPage}
            onClick={() => void alerts.fetchNextPage()}
            className="self-start rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-60 dark:border-slate-700"
          >
            {alerts.isFetchingNextPage ? "Loading…" : "More"}
          </button>
        ) : null}
      </Panel>
    </>
  );
}

interface AlertField {
  /** Unique among the rows: an output field may have the name of one of the alert's own fields. */
  id: string;
  key: string;
  value: string;
  links: FilterLink[] | null;
}

/** The alert's own fields, then its output fields and labels by name; own fields the list filters by link to it. */
function alertFields(alert: AlertItem): AlertField[] {
  const own: Array<[string, unknown]> = [
    ["time", alert.time],
    ["rule", alert.rule],
    ["priority", alert.priority],
    ["source", alert.source],
    ["hostname", alert.hostname],
    ["cluster", alert.cluster],
    ["namespace", alert.namespace],
    ["tenant", alert.tenant],
    ["output", alert.output],
    ["tags", alert.tags],
    ...(alert.suppressedBy === null ? [] : [["suppressed by", `rule #${alert.suppressedBy}`] as [string, unknown]]),
  ];
  const labels = Object.entries(alert.labels ?? {}).map(([key, value]): [string, unknown] => [`labels.${key}`, value]);
  return [
    ...own.map(([key, value]) => ({ id: `own:${key}`, key, value: showJsonValue(value), links: alertFieldLinks(key, alert) })),
    ...[...Object.entries(alert.outputFields), ...labels].map(([key, value]) => ({ id: `field:${key}`, key, value: showJsonValue(value), links: null })),
  ];
}

function NewestAlert({ alert }: { alert: AlertItem }) {
  return (
    <>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">The newest alert's fields</caption>
        <thead>
          <tr className="text-slate-500">
            <th scope="col" className="w-72 pr-3 font-medium">Field</th>
            <th scope="col" className="pr-3 font-medium">Value</th>
            <th scope="col" className="sr-only">Copy</th>
          </tr>
        </thead>
        <tbody>
          {alertFields(alert).map(({ id, key, value, links }) => (
            <tr key={id} className="border-t border-slate-200 align-top dark:border-slate-800">
              <th scope="row" className="break-words py-1 pr-3 font-mono font-normal">{key}</th>
              <td className="break-all py-1 pr-3 font-mono">
                {links ? (
                  <ul className="flex flex-wrap gap-x-3">
                    {links.map((link) => (
                      <li key={link.href}>
                        <Link href={link.href} className="underline" title={`Show the groups with ${key} ${link.label}`}>
                          {link.label}
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : (
                  value
                )}
              </td>
              <td className="py-1 text-right">
                <CopyButton value={value} label={`Copy ${key}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary className="cursor-pointer text-sm font-medium">Raw JSON</summary>
        <pre aria-label="The newest alert as JSON" className="mt-2 overflow-x-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-800">
          {formatJson(alert)}
        </pre>
      </details>
    </>
  );
}

function AlertTable({ alerts }: { alerts: AlertItem[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs">
        <caption className="sr-only">The group's alerts, newest first</caption>
        <thead>
          <tr className="text-slate-500">
            <th scope="col" className="pr-3">Time</th>
            <th scope="col" className="pr-3">Priority</th>
            <th scope="col" className="pr-3">Host</th>
            <th scope="col" className="pr-3">Namespace</th>
            <th scope="col" className="pr-3">Suppressed by</th>
            <th scope="col">Output</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr key={alert.id} className="border-t border-slate-200 align-top dark:border-slate-800">
              <td className="whitespace-nowrap py-1 pr-3 font-mono">{alert.time}</td>
              <td className="py-1 pr-3">{alert.priority}</td>
              <td className="break-all py-1 pr-3">{alert.hostname}</td>
              <td className="break-all py-1 pr-3">{alert.namespace ?? "-"}</td>
              <td className="whitespace-nowrap py-1 pr-3">
                {alert.suppressedBy === null ? (
                  "-"
                ) : (
                  <Link href={`/suppressions/${alert.suppressedBy}`} className="underline">{`rule #${alert.suppressedBy}`}</Link>
                )}
              </td>
              <td className="break-all py-1 font-mono">{alert.output}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
