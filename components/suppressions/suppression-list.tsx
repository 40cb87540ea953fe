"use client";

import Link from "next/link";
import { formatTime } from "@/components/groups/group-format";
import { falcoExportHref, useSuppressionList, type SuppressionItem } from "@/components/suppressions/suppression-api";
import { MatcherList } from "@/components/suppressions/matcher-list";
import { describeScope, ruleState, stateLabels } from "@/components/suppressions/suppression-format";
import { FormError } from "@/components/ui/form";
import { Panel } from "@/components/ui/page-shell";
import { useSelection } from "@/components/ui/use-selection";

const buttonClass = "rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700";
const stateClass = {
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  expired: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  scheduled: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
} as const;

/** Every rule the caller can see, newest first; tick some to download them as a Falco rules file. */
export function SuppressionList({ canTriage }: { canTriage: boolean }) {
  const list = useSuppressionList();
  const { selected, toggle, hasAll, setAll } = useSelection();
  const rules = list.data?.pages.flatMap((page) => page.items) ?? [];
  const isAllSelected = hasAll(rules.map((rule) => rule.id));
  return (
    <Panel heading="Rules">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {canTriage ? (
          <Link href="/suppressions/new" className="rounded bg-slate-900 px-3 py-1 font-medium text-white dark:bg-slate-100 dark:text-slate-900">
            New rule
          </Link>
        ) : null}
        {selected.size > 0 ? (
          <a href={falcoExportHref([...selected])} download className={buttonClass}>
            {`Download Falco rules (${selected.size})`}
          </a>
        ) : (
          <span className="text-slate-500">Tick rules to download them as a Falco rules file.</span>
        )}
      </div>
      {list.isPending ? (
        <p role="status">Loading the rules…</p>
      ) : list.error && rules.length === 0 ? (
        <div className="flex flex-col items-start gap-2">
          <FormError message={`${list.error.message}. Try again.`} />
          <button type="button" className={buttonClass} onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      ) : rules.length === 0 ? (
        <p>
          No suppression rule yet.{" "}
          {canTriage ? "Open a noisy group and press “Suppress like these”, or create one with “New rule”." : "Analysts and administrators create them from noisy groups."}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Suppression rules, newest first</caption>
            <thead>
              <tr className="text-slate-500">
                <th scope="col" className="pr-2">
                  <input
                    type="checkbox"
                    aria-label="Select all rules"
                    checked={isAllSelected}
                    onChange={(event) => setAll(rules.map((rule) => rule.id), event.target.checked)}
                  />
                </th>
                <th scope="col" className="pr-3">Rule</th>
                <th scope="col" className="pr-3">State</th>
                <th scope="col" className="pr-3">Mode</th>
                <th scope="col" className="pr-3">Scope</th>
                <th scope="col" className="pr-3">Matchers</th>
                <th scope="col" className="pr-3">Comment</th>
                <th scope="col" className="pr-3">Created by</th>
                <th scope="col" className="pr-3">Ends</th>
                <th scope="col" className="pr-3 text-right">Hits</th>
                <th scope="col">Last matched</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <SuppressionRow key={rule.id} rule={rule} isSelected={selected.has(rule.id)} onToggle={toggle} />
              ))}
            </tbody>
          </table>
          {list.error ? <FormError message={`${list.error.message}. Try again.`} /> : null}
          {list.hasNextPage ? (
            <button type="button" className={`${buttonClass} mt-2`} disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {list.isFetchingNextPage ? "Loading older rules…" : "Older rules"}
            </button>
          ) : null}
        </div>
      )}
    </Panel>
  );
}

function SuppressionRow({ rule, isSelected, onToggle }: { rule: SuppressionItem; isSelected: boolean; onToggle: (id: string, isChecked: boolean) => void }) {
  const state = ruleState(rule);
  return (
    <tr className={`border-t border-slate-200 align-top dark:border-slate-800 ${state === "expired" ? "text-slate-500" : ""}`}>
      <td className="py-1 pr-2">
        <input type="checkbox" aria-label={`Select rule #${rule.id}`} checked={isSelected} onChange={(event) => onToggle(rule.id, event.target.checked)} />
      </td>
      <td className="whitespace-nowrap py-1 pr-3">
        <Link href={`/suppressions/${rule.id}`} className="font-medium underline">
          {`#${rule.id}`}
        </Link>
        <span className="text-slate-500">{` v${rule.version}`}</span>
      </td>
      <td className="py-1 pr-3">
        <span className={`rounded px-1.5 py-0.5 ${stateClass[state]}`}>{stateLabels[state]}</span>
      </td>
      <td className="py-1 pr-3">{rule.mode === "shadow" ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-amber-900 dark:bg-amber-950 dark:text-amber-200">shadow (counts only)</span> : "enforce"}</td>
      <td className="break-all py-1 pr-3">{describeScope(rule.tenants)}</td>
      <td className="min-w-72 py-1 pr-3 font-mono">
        <MatcherList matchers={rule.matchers} />
      </td>
      <td className="max-w-64 break-words py-1 pr-3">{rule.comment}</td>
      <td className="break-all py-1 pr-3">{rule.createdBy}</td>
      <td className="whitespace-nowrap py-1 pr-3">{rule.endsAt === null ? "forever" : formatTime(rule.endsAt)}</td>
      <td className="py-1 pr-3 text-right tabular-nums">{rule.hitCount}</td>
      <td className="whitespace-nowrap py-1">{rule.lastMatchedAt === null ? "never" : formatTime(rule.lastMatchedAt)}</td>
    </tr>
  );
}
