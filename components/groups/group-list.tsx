"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { GroupActions, type GroupActionsHandle } from "@/components/groups/group-actions";
import { groupKeys, useChangedGroupCount, useGroupCount, useGroupList, type GroupItem } from "@/components/groups/group-api";
import { GroupExportLinks } from "@/components/groups/group-export-links";
import { GroupFilterForm } from "@/components/groups/group-filter-form";
import { ShortcutsDialog } from "@/components/groups/shortcuts-dialog";
import { Sparkline } from "@/components/groups/sparkline";
import { useAlertArrivals } from "@/components/groups/use-alert-arrivals";
import { useTriageKeys } from "@/components/groups/use-triage-keys";
import { likeTheseHref, maxLikeTheseGroups } from "@/lib/suppressions/like-these";
import { describePeriod, formatTime, identityEntries, statusLabels, tenantLabel } from "@/components/groups/group-format";
import { filterQuery, readGroupListView, type GroupListView } from "@/components/groups/group-list-params";
import { FormError } from "@/components/ui/form";
import { Panel } from "@/components/ui/page-shell";
import { countOf } from "@/components/ui/plural";
import { useSelection } from "@/components/ui/use-selection";

/** The triage list: filters and sort from the URL, the matching groups page by page, and bulk actions for those who may triage. */
export function GroupList({ canTriage }: { canTriage: boolean }) {
  const search = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const view = readGroupListView(new URLSearchParams(search.toString()));
  const show = (params: URLSearchParams) => router.replace(params.size > 0 ? `${pathname}?${params}` : pathname, { scroll: false });
  return (
    <>
      <Panel heading="Filters">
        {/* keyed by the URL: going back or opening a shared link shows that view's values */}
        <GroupFilterForm key={view.params.toString()} params={view.params} onApply={show} />
      </Panel>
      {view.isValid ? (
        <GroupResults key={view.query} view={view} canTriage={canTriage} />
      ) : (
        <Panel heading="Groups">
          <FormError message={`${view.error}. Correct the filters above, or clear them.`} />
        </Panel>
      )}
    </>
  );
}

function GroupResults({ view, canTriage }: { view: Extract<GroupListView, { isValid: true }>; canTriage: boolean }) {
  const list = useGroupList(view.query);
  const { selected, toggle, hasAll, setAll, clear } = useSelection();
  const [scope, setScope] = useState<"selection" | "filter">("selection");
  const count = useGroupCount(filterQuery(view.filter), canTriage && scope === "filter");
  const groups = list.data?.pages.flatMap((page) => page.items) ?? [];
  const sort = view.params.get("sort") ?? "lastSeen";
  const period = describePeriod({ since: view.params.get("since") ?? undefined, until: view.params.get("until") ?? undefined });
  const router = useRouter();
  const actions = useRef<GroupActionsHandle>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [isHelpOpen, setHelpOpen] = useState(false);
  const focused = groups.find((group) => group.id === focusedId) ?? null;
  const targetIds = selected.size > 0 ? [...selected] : focused ? [focused.id] : [];

  // New alerts never move nor change the rows being read: what they change is counted apart, and
  // shown when asked, read again with the first page it is counted from.
  const queryClient = useQueryClient();
  const [haveAlertsArrived, setAlertsArrived] = useState(false);
  const changedCount = useChangedGroupCount(view.query, groups, haveAlertsArrived, list.isFetching);
  const readFresh = () => void queryClient.invalidateQueries({ queryKey: groupKeys.fresh(view.query) });
  useAlertArrivals(() => {
    setAlertsArrived(true);
    readFresh();
  });

  const move = (step: 1 | -1) => {
    if (groups.length === 0) return;
    const at = focused ? groups.indexOf(focused) : -1;
    setFocusedId(groups[Math.min(Math.max(at + step, 0), groups.length - 1)]!.id);
  };
  useTriageKeys({
    j: () => move(1),
    k: () => move(-1),
    o: () => focused && router.push(`/groups/${focused.id}`),
    x: () => canTriage && focused && toggle(focused.id, !selected.has(focused.id)),
    // on the ticked or highlighted groups only: a key never starts a change of a whole filter
    a: () => scope === "selection" && actions.current?.choose("Acknowledge"),
    r: () => scope === "selection" && actions.current?.choose("Resolve"),
    f: () => scope === "selection" && actions.current?.choose("False positive"),
    "/": () => document.querySelector<HTMLInputElement>('form[aria-label="Filters"] input[name="q"]')?.focus(),
    "?": () => setHelpOpen(true),
  });

  const isAllShownSelected = hasAll(groups.map((group) => group.id));

  return (
    <>
      {canTriage ? (
        <Panel heading="Bulk actions">
          <fieldset className="flex flex-wrap gap-4 text-sm">
            <legend className="sr-only">Apply to</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="bulk-scope" checked={scope === "selection"} onChange={() => setScope("selection")} />
              {`The selected groups (${selected.size})`}
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="bulk-scope" checked={scope === "filter"} onChange={() => setScope("filter")} />
              Everything matching this filter
            </label>
          </fieldset>
          {scope === "selection" ? (
            <>
              {selected.size > 0 ? null : focused ? (
                <p className="text-sm">{`No group ticked: these act on the highlighted group, ${focused.rule}.`}</p>
              ) : (
                <p className="text-sm text-slate-500">Tick groups in the list to act on them together. Press ? for the keyboard shortcuts.</p>
              )}
              <GroupActions ref={actions} target={{ ids: targetIds }} isDisabled={targetIds.length === 0} onUpdated={clear} />
              {targetIds.length > maxLikeTheseGroups ? (
                <p className="text-sm text-slate-500">{`Suppress like these starts from at most ${maxLikeTheseGroups} groups: tick fewer.`}</p>
              ) : targetIds.length > 0 ? (
                <Link href={likeTheseHref(targetIds)} className="self-start rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">
                  Suppress like these
                </Link>
              ) : null}
            </>
          ) : count.isPending ? (
            <p role="status" className="text-sm">Counting the groups that match…</p>
          ) : count.error ? (
            <FormError message={`${count.error.message}. Correct the filters, or try again.`} />
          ) : count.data.isCapped ? (
            <FormError message={`More than ${count.data.cap} groups match this filter: narrow it to change them together.`} />
          ) : (
            <>
              <p className="text-sm">{`${count.data.isEstimate ? "About " : ""}${countOf(count.data.count, { one: "group matches", other: "groups match" })} this filter.`}</p>
              <GroupActions
                ref={actions}
                target={{ filter: view.filter }}
                isDisabled={count.data.count === 0}
                confirmation={`this changes all ${count.data.isEstimate ? "(about) " : ""}${countOf(count.data.count, "group")} matching this filter, not only those shown.`}
              />
            </>
          )}
        </Panel>
      ) : null}
      <ShortcutsDialog isOpen={isHelpOpen} onClose={() => setHelpOpen(false)} />
      <Panel heading="Groups">
        <GroupExportLinks filter={view.filter} />
        {/* there before it says anything, as screen readers say what changes in a live region; the
            highlight is said here too, as the row it marks never takes the focus */}
        <div role="status" className={changedCount > 0 ? undefined : "sr-only"}>
          {focused ? <p className="sr-only">{`Highlighted: ${focused.rule} (${tenantLabel(focused)}, ${statusLabels[focused.status] ?? focused.status})`}</p> : null}
          {changedCount > 0 ? (
            <div className="flex items-center gap-3 rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm dark:border-sky-800 dark:bg-sky-950">
              {countOf(changedCount, { one: "new or updated group", other: "new or updated groups" })}
              <button
                type="button"
                className="rounded border border-slate-300 px-3 py-1 dark:border-slate-700"
                onClick={() => {
                  void list.refetch();
                  readFresh();
                }}
              >
                Show them
              </button>
            </div>
          ) : null}
        </div>
        {list.isPending ? (
          <p role="status">Loading groups…</p>
        ) : list.error && groups.length === 0 ? (
          <div className="flex flex-col items-start gap-2">
            <FormError message={`${list.error.message}. Correct the filters above, or try again.`} />
            <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700" onClick={() => void list.refetch()}>
              Try again
            </button>
          </div>
        ) : groups.length === 0 ? (
          <p>No group matches these filters. Widen them or clear them.</p>
        ) : (
          <>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-xs">
                <caption className="sr-only">Alert groups</caption>
                <thead>
                  <tr className="text-slate-500">
                    {canTriage ? (
                      <th scope="col" className="pr-2">
                        <input
                          type="checkbox"
                          aria-label="Select all shown"
                          checked={isAllShownSelected}
                          onChange={(event) => setAll(groups.map((group) => group.id), event.target.checked)}
                        />
                      </th>
                    ) : null}
                    <th scope="col" className="pr-2">Rule</th>
                    <th scope="col" className="pr-2">Tenant</th>
                    <th scope="col" className="pr-2">Cluster / namespace</th>
                    <th scope="col" className="pr-2">Identity</th>
                    <th scope="col" className="pr-2">Priority</th>
                    <th scope="col" className="pr-2 text-right">Count</th>
                    <th scope="col" className="pr-2" title="Counted by whole hours: the period's first and last hours count whole">
                      {period}
                    </th>
                    <th scope="col" className="pr-2">First seen</th>
                    <th scope="col" className="pr-2">Last seen</th>
                    <th scope="col" className="pr-2">Status</th>
                    <th scope="col">Assignee</th>
                  </tr>
                </thead>
                <tbody>
                  {groups.map((group) => (
                    <GroupTableRow
                      key={group.id}
                      group={group}
                      isSelected={canTriage ? selected.has(group.id) : null}
                      isFocused={group.id === focusedId}
                      onToggle={toggle}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            {list.error ? <FormError message={`${list.error.message}. Try again.`} /> : null}
            {list.hasNextPage ? (
              <button
                type="button"
                disabled={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
                className="self-start rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-60 dark:border-slate-700"
              >
                {list.isFetchingNextPage ? "Loading…" : sort === "lastSeen" ? "Older" : "More"}
              </button>
            ) : null}
          </>
        )}
      </Panel>
    </>
  );
}

function GroupTableRow({
  group,
  isSelected,
  isFocused,
  onToggle,
}: {
  group: GroupItem;
  isSelected: boolean | null;
  isFocused: boolean;
  onToggle: (id: string, isChecked: boolean) => void;
}) {
  const row = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (isFocused) row.current?.scrollIntoView({ block: "nearest" });
  }, [isFocused]);
  return (
    <tr
      ref={row}
      aria-current={isFocused ? "true" : undefined}
      className={`border-t border-slate-200 align-top dark:border-slate-800 ${isFocused ? "bg-sky-50 outline outline-2 -outline-offset-2 outline-sky-500 dark:bg-sky-950" : ""}`}
    >
      {isSelected === null ? null : (
        <td className="py-1 pr-2">
          <input type="checkbox" aria-label={`Select group ${group.id}: ${group.rule}`} checked={isSelected} onChange={(event) => onToggle(group.id, event.target.checked)} />
        </td>
      )}
      {/* Minimum widths, within which long names break anywhere: squeezed, they broke a letter a line. */}
      <td className="min-w-28 py-1 pr-2">
        <Link href={`/groups/${group.id}`} className="font-medium underline">
          {group.rule}
        </Link>
      </td>
      <td className="min-w-24 py-1 pr-2 wrap-anywhere">{tenantLabel(group)}</td>
      <td className="min-w-24 py-1 pr-2 wrap-anywhere">{`${group.cluster ?? "?"} / ${group.namespace ?? "-"}`}</td>
      <td className="min-w-44 py-1 pr-2 font-mono wrap-anywhere">
        <ul>
          {identityEntries(group.identity).map(([key, value]) => (
            <li key={key}>
              <span className="text-slate-500">{`${key}=`}</span>
              {value}
            </li>
          ))}
        </ul>
      </td>
      <td className="py-1 pr-2">{group.priority}</td>
      <td className="py-1 pr-2 text-right tabular-nums">{group.count}</td>
      <td className="whitespace-nowrap py-1 pr-2">
        <span className="inline-block min-w-8 pr-2 text-right tabular-nums">{group.periodCount}</span>
        <Sparkline sparkline={group.sparkline} />
      </td>
      <TimeCell iso={group.firstSeen} />
      <TimeCell iso={group.lastSeen} />
      <td className="py-1 pr-2">{statusLabels[group.status] ?? group.status}</td>
      <td className="min-w-20 py-1 wrap-anywhere">{group.assignee ?? "nobody"}</td>
    </tr>
  );
}

/** A time that wraps only between its date and its time of day. */
function TimeCell({ iso }: { iso: string }) {
  const [date, ...time] = formatTime(iso).split(" ");
  return (
    <td className="py-1 pr-2">
      <span className="whitespace-nowrap">{date}</span> <span className="whitespace-nowrap">{time.join(" ")}</span>
    </td>
  );
}
