"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { GroupActions } from "@/components/groups/group-actions";
import { GroupAlerts } from "@/components/groups/group-alerts";
import { useAddGroupNote, useGroup, type GroupDetail } from "@/components/groups/group-api";
import { formatTime, identityEntries, statusLabels, tenantLabel } from "@/components/groups/group-format";
import { GroupSpread } from "@/components/groups/group-spread";
import { likeTheseHref } from "@/lib/suppressions/like-these";
import { FormError, FormNotice, SubmitButton } from "@/components/ui/form";
import { Panel } from "@/components/ui/page-shell";

/** One group: its fields, its status and assignee with the actions on them, its spread, its alerts, its notes and its history. Every value as text. */
export function GroupDetailView({ initial, me, canTriage, pod }: { initial: GroupDetail; me: string; canTriage: boolean; pod: string | null }) {
  const group = useGroup(initial.id, initial);
  if (group.isPending) return <p role="status">Loading the group…</p>;
  // a refetch that failed leaves the group shown, with the error beside it
  if (group.error && group.data === undefined) {
    return (
      <div className="flex flex-col items-start gap-2">
        <FormError message={`${group.error.message}. Reload the page to try again.`} />
      </div>
    );
  }
  const data = group.data;
  return (
    <>
      {group.error ? <FormError message={`Could not refresh the group: ${group.error.message}. Reload the page to try again.`} /> : null}
      <Panel heading="Status">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium">Status</dt>
          <dd>{statusLabels[data.status] ?? data.status}</dd>
          <dt className="font-medium">Reason</dt>
          <dd className="break-words">{data.statusReason ?? "(none)"}</dd>
          <dt className="font-medium">Assignee</dt>
          <dd>{data.assignee ?? "nobody"}</dd>
        </dl>
        {canTriage ? (
          <>
            <GroupActions target={{ ids: [data.id] }} current={{ status: data.status, assignee: data.assignee, me }} />
            <Link href={likeTheseHref([data.id])} className="self-start rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">
              Suppress like these
            </Link>
          </>
        ) : null}
      </Panel>
      <Panel heading="Group">
        <FieldTable
          caption="The group's fields"
          rows={[
            ["Rule", data.rule],
            ["Tenant", tenantLabel(data)],
            ["Cluster", data.cluster ?? "(none)"],
            ["Namespace", data.namespace ?? "(none)"],
            ["Source", data.source],
            ["Priority", data.priority],
            ["Count", data.count],
            ["First seen", formatTime(data.firstSeen)],
            ["Last seen", formatTime(data.lastSeen)],
          ]}
        />
      </Panel>
      <Panel heading="Identifying fields">
        <FieldTable caption="The fields that identify this group" rows={identityEntries(data.identity)} />
      </Panel>
      <Panel heading="Spread">
        <GroupSpread groupId={data.id} spread={data.spread} />
      </Panel>
      <GroupAlerts groupId={data.id} pod={pod} />
      <Panel heading="Notes">
        {data.notes.length === 0 ? (
          <p className="text-sm">No note yet.</p>
        ) : (
          <ol className="flex flex-col gap-3">
            {data.notes.map((note) => (
              <li key={note.id} className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800">
                <p className="text-slate-500">{`${note.author} · ${formatTime(note.createdAt)}`}</p>
                <p className="whitespace-pre-wrap break-words">{note.body}</p>
              </li>
            ))}
          </ol>
        )}
        {canTriage ? <NoteForm id={data.id} /> : null}
      </Panel>
      <Panel heading="History">
        <HistoryTable history={data.history} />
      </Panel>
    </>
  );
}

function FieldTable({ caption, rows }: { caption: string; rows: ReadonlyArray<readonly [string, string]> }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-slate-500">
          <th scope="col" className="w-72 pr-3 font-medium">Field</th>
          <th scope="col" className="font-medium">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, value]) => (
          <tr key={key} className="border-t border-slate-200 align-top dark:border-slate-800">
            <th scope="row" className="break-words py-1 pr-3 font-mono font-normal">{key}</th>
            <td className="break-all py-1 font-mono">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NoteForm({ id }: { id: string }) {
  const addNote = useAddGroupNote(id);
  const [text, setText] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    addNote.mutate(text, {
      onSuccess: () => {
        setText("");
        setNotice("Note added.");
      },
    });
  }
  return (
    <form onSubmit={submit} aria-label="Add a note" className="flex flex-col gap-2">
      <label htmlFor={`note-${id}`} className="text-sm font-medium">
        Note
      </label>
      <textarea
        id={`note-${id}`}
        name="body"
        required
        maxLength={10_000}
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
        className="rounded border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
      />
      <FormError message={addNote.error ? `${addNote.error.message}. Correct the note and add it again.` : null} />
      <FormNotice message={notice} />
      <SubmitButton isPending={addNote.isPending}>Add note</SubmitButton>
    </form>
  );
}

/** What an audit row changed, as `key: before → after` text; the values are shown, never interpreted. */
function describeChange(before: unknown, after: unknown): string {
  const asRecord = (value: unknown): Record<string, unknown> => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const was = asRecord(before);
  const now = asRecord(after);
  const show = (value: unknown) => (value === null || value === undefined ? "none" : typeof value === "string" ? value : JSON.stringify(value));
  return [...new Set([...Object.keys(was), ...Object.keys(now)])]
    .filter((key) => JSON.stringify(was[key]) !== JSON.stringify(now[key]))
    .map((key) => (key in was ? `${key}: ${show(was[key])} → ${show(now[key])}` : `${key}: ${show(now[key])}`))
    .join("; ");
}

function HistoryTable({ history }: { history: GroupDetail["history"] }) {
  if (history.length === 0) return <p className="text-sm">Nothing has happened to this group yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">The group's history, oldest first</caption>
      <thead>
        <tr className="text-slate-500">
          <th scope="col" className="pr-3 font-medium">Time</th>
          <th scope="col" className="pr-3 font-medium">Who</th>
          <th scope="col" className="pr-3 font-medium">Action</th>
          <th scope="col" className="font-medium">Change</th>
        </tr>
      </thead>
      <tbody>
        {history.map((event) => (
          <tr key={event.id} className="border-t border-slate-200 align-top dark:border-slate-800">
            <td className="whitespace-nowrap py-1 pr-3">{formatTime(event.at)}</td>
            <td className="break-all py-1 pr-3">{event.actor}</td>
            <td className="py-1 pr-3">{event.action}</td>
            <td className="break-words py-1">{describeChange(event.before, event.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
