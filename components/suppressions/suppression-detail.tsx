"use client";

import { formatTime } from "@/components/groups/group-format";
import { falcoExportHref, useSuppression, type SuppressionDetail } from "@/components/suppressions/suppression-api";
import { SuppressionActions } from "@/components/suppressions/suppression-actions";
import { MatcherList } from "@/components/suppressions/matcher-list";
import { describeScope, ruleState, stateLabels } from "@/components/suppressions/suppression-format";
import { FormError } from "@/components/ui/form";
import { Panel } from "@/components/ui/page-shell";
import { countOf } from "@/components/ui/plural";

/** One rule: what it matches and where, its lifetime and hits, the actions on it, its versions and its history. */
export function SuppressionDetailView({
  initial,
  canTriage,
  isAdmin,
  tenants,
}: {
  initial: SuppressionDetail;
  canTriage: boolean;
  isAdmin: boolean;
  tenants: readonly string[];
}) {
  const query = useSuppression(initial.id, initial);
  const rule = query.data ?? initial;
  const state = ruleState(rule);
  const mayChange = canTriage && (rule.tenants !== "all" || isAdmin);
  return (
    <>
      {query.error ? <FormError message={`Could not refresh the rule: ${query.error.message}. Reload the page to try again.`} /> : null}
      <Panel heading="Rule">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium">State</dt>
          <dd>{state === "expired" ? <strong>expired</strong> : stateLabels[state]}</dd>
          <dt className="font-medium">Mode</dt>
          <dd>{rule.mode === "shadow" ? "shadow: counts what it would hide, hides nothing" : "enforce"}</dd>
          <dt className="font-medium">Scope</dt>
          <dd className="break-all">{describeScope(rule.tenants)}</dd>
          <dt className="font-medium">Matchers</dt>
          <dd className="font-mono">
            <MatcherList matchers={rule.matchers} />
          </dd>
          <dt className="font-medium">Comment</dt>
          <dd className="whitespace-pre-wrap break-words">{rule.comment}</dd>
          <dt className="font-medium">Created by</dt>
          <dd className="break-all">{`${rule.createdBy}, ${formatTime(rule.createdAt)}`}</dd>
          <dt className="font-medium">Starts</dt>
          <dd>{rule.startsAt === null ? "at once" : formatTime(rule.startsAt)}</dd>
          <dt className="font-medium">Ends</dt>
          <dd>{rule.endsAt === null ? "forever" : formatTime(rule.endsAt)}</dd>
          <dt className="font-medium">Hits</dt>
          <dd className="tabular-nums">{rule.hitCount}</dd>
          <dt className="font-medium">Last matched</dt>
          <dd>{rule.lastMatchedAt === null ? "never" : formatTime(rule.lastMatchedAt)}</dd>
          <dt className="font-medium">Version</dt>
          <dd>{rule.version}</dd>
        </dl>
        <p className="text-sm">
          <a href={falcoExportHref([rule.id])} download className="rounded border border-slate-300 px-3 py-1 dark:border-slate-700">
            Export to Falco
          </a>
          <span className="ml-2 text-slate-500">A rules file for falco_rules.local.yaml, or why Falco cannot express this rule.</span>
        </p>
      </Panel>
      {canTriage ? (
        <Panel heading="Actions">
          {mayChange ? (
            <SuppressionActions rule={rule} tenants={tenants} isAdmin={isAdmin} />
          ) : (
            <p className="text-sm">Only administrators may change a rule for all tenants.</p>
          )}
        </Panel>
      ) : null}
      <Panel heading="Versions">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">The rule's versions, newest first</caption>
            <thead>
              <tr className="text-slate-500">
                <th scope="col" className="pr-3">Version</th>
                <th scope="col" className="pr-3">By</th>
                <th scope="col" className="pr-3">At</th>
                <th scope="col" className="pr-3">Matchers</th>
                <th scope="col" className="pr-3">Scope</th>
                <th scope="col" className="pr-3">Mode</th>
                <th scope="col" className="pr-3">Ends</th>
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {rule.versions.map((version) => (
                <tr key={version.version} className="border-t border-slate-200 align-top dark:border-slate-800">
                  <td className="py-1 pr-3">{version.version}</td>
                  <td className="break-all py-1 pr-3">{version.author}</td>
                  <td className="whitespace-nowrap py-1 pr-3">{formatTime(version.createdAt)}</td>
                  <td className="py-1 pr-3 font-mono">
                    <MatcherList matchers={version.matchers} />
                  </td>
                  <td className="break-all py-1 pr-3">{describeScope(version.tenants)}</td>
                  <td className="py-1 pr-3">{version.mode}</td>
                  <td className="whitespace-nowrap py-1 pr-3">{version.endsAt === null ? "forever" : formatTime(version.endsAt)}</td>
                  <td className="break-words py-1">{version.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <Panel heading="History">
        {rule.history.length === 0 ? (
          <p className="text-sm">Nothing has happened to this rule yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">The rule's history, newest first</caption>
            <thead>
              <tr className="text-slate-500">
                <th scope="col" className="pr-3 font-medium">Time</th>
                <th scope="col" className="pr-3 font-medium">Who</th>
                <th scope="col" className="font-medium">Action</th>
              </tr>
            </thead>
            <tbody>
              {rule.history.map((event, index) => (
                <tr key={`${event.at}-${index}`} className="border-t border-slate-200 align-top dark:border-slate-800">
                  <td className="whitespace-nowrap py-1 pr-3">{formatTime(event.at)}</td>
                  <td className="break-all py-1 pr-3">{event.actor}</td>
                  <td className="py-1">{describeAction(event.action, event.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

const actionLabels: Record<string, string> = {
  "suppression.create": "created",
  "suppression.expire": "expired",
  "suppression.reactivate": "re-activated",
  "suppression.edit": "edited",
};

/** `edited (version 2)`, `expired (3 groups reopened)`: the audit row said briefly, values as text. */
function describeAction(action: string, after: unknown): string {
  const label = actionLabels[action] ?? action;
  const record = typeof after === "object" && after !== null && !Array.isArray(after) ? (after as Record<string, unknown>) : {};
  const notes = [
    ...(action === "suppression.edit" && typeof record.version === "number" ? [`version ${record.version}`] : []),
    ...(action === "suppression.reactivate" ? [`until ${typeof record.endsAt === "string" ? formatTime(record.endsAt) : "forever"}`] : []),
    ...(typeof record.reopenedGroups === "number" ? [`${countOf(record.reopenedGroups, "group")} reopened`] : []),
  ];
  return notes.length > 0 ? `${label} (${notes.join(", ")})` : label;
}
