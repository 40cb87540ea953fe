"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { formatTime } from "@/components/groups/group-format";
import type { Preview } from "@/components/suppressions/suppression-api";
import { countOf, type Noun } from "@/components/ui/plural";

/** `n of total`, or just `n` when the total is not known (none matched, or a partial scan). */
function outOf(count: number, total: number | null, noun: Noun): string {
  return total === null ? countOf(count, noun) : `${count} of ${countOf(total, noun)}`;
}

/**
 * What the rule being written would have matched in stored history: the figures, warnings first,
 * the previous answer kept (marked as updating) while the next loads, and a partial answer marked
 * as such while the whole window is counted (`isCompleting`). A refusal (a matcher the API cannot
 * read) replaces the figures with the API's own message.
 */
export function SuppressionPreview(props: { preview: UseQueryResult<Preview, Error>; isCompleting: boolean; waitingFor: string | null }) {
  const { preview, isCompleting, waitingFor } = props;
  if (waitingFor) return <p className="text-sm">{waitingFor}</p>;
  if (preview.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
        {`No preview: ${preview.error.message}. Correct the form to see what the rule would match.`}
      </p>
    );
  }
  if (!preview.data) return <p role="status">Trying the rule on stored alerts…</p>;
  const data = preview.data;
  const isUpdating = preview.isPlaceholderData || preview.isFetching;
  return (
    <div className={`flex flex-col gap-3 text-sm ${isUpdating ? "opacity-70" : ""}`} aria-busy={isUpdating}>
      <p role="status" className="text-slate-500">
        {isUpdating ? "Updating…" : `Since ${formatTime(data.since)}.`}
      </p>
      {data.warnings.length > 0 ? (
        <ul aria-label="Warnings" className="flex flex-col gap-1 rounded border border-amber-400 bg-amber-50 px-3 py-2 font-medium text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
          {data.warnings.map((warning) => (
            <li key={warning}>{`⚠ ${warning}`}</li>
          ))}
        </ul>
      ) : null}
      {data.complete ? null : (
        <p className="rounded border border-sky-300 bg-sky-50 px-3 py-2 dark:border-sky-800 dark:bg-sky-950">
          {`Partial: counted back to ${formatTime(data.scannedSince)} only; ${isCompleting ? "counting the whole window…" : "older alerts were not checked."}`}
        </p>
      )}
      <p className="text-base">
        <strong>{outOf(data.alerts, data.total, "alert")}</strong>
        {` matched, in ${countOf(data.groups, "group")}.`}
        {data.alerts === 0 ? " Nothing matches: check the matchers, or widen the history window." : ""}
      </p>
      {data.alerts > 0 ? (
        <div className="flex flex-col gap-3">
          <Breakdown caption="By tenant" rows={data.byTenant.map((t) => [t.tenant ?? "(no tenant)", `${countOf(t.alerts, "alert")}, ${countOf(t.groups, "group")}`])} />
          <Breakdown caption="By rule" rows={data.byRule.map((r) => [r.rule, `${r.alerts}`])} />
          <Breakdown caption="By namespace" rows={data.byNamespace.map((n) => [n.namespace ?? "(none)", `${n.alerts}`])} />
        </div>
      ) : null}
      {data.samples.length > 0 ? (
        <section aria-label="Sample alerts" className="flex flex-col gap-1">
          <h3 className="font-medium">Sample alerts</h3>
          <ol className="flex flex-col gap-2 text-xs">
            {data.samples.map((sample) => (
              <li key={sample.id} className="border-t border-slate-200 pt-1 dark:border-slate-800">
                <p className="text-slate-500">{`${formatTime(sample.time)} · ${sample.tenant ?? "no tenant"} · ${sample.priority} · ${sample.hostname}`}</p>
                <p className="break-all font-mono">{sample.output}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

function Breakdown({ caption, rows }: { caption: string; rows: Array<[string, string]> }) {
  return (
    <table className="w-full text-left text-xs">
      <caption className="mb-1 text-left text-sm font-medium">{caption}</caption>
      <tbody>
        {rows.map(([name, count]) => (
          <tr key={name} className="border-t border-slate-200 align-top dark:border-slate-800">
            <th scope="row" className="break-all py-1 pr-2 font-normal">{name}</th>
            <td className="whitespace-nowrap py-1 text-right tabular-nums">{count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
