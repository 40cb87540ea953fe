"use client";

import type { FormEvent } from "react";
import { Field, SelectField } from "@/components/ui/form";
import { statusLabels } from "@/components/groups/group-format";
import { falcoPriorityNames } from "@/lib/ingest/priority";
import { groupSorts } from "@/lib/groups/group-filters";
import { groupStatuses } from "@/lib/triage/transitions";

const sortLabels: Record<(typeof groupSorts)[number], string> = { lastSeen: "Last seen", count: "Count", priority: "Priority" };
const sinceOptions = [
  { value: "", label: "Any time" },
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
];
const statusOptions = [
  { value: "", label: "Any status" },
  { value: "open,acknowledged", label: "Open or acknowledged" },
  ...groupStatuses.map((status) => ({ value: status, label: statusLabels[status] ?? status })),
];
const suppressedOptions = [
  { value: "exclude", label: "Leave out groups only suppressed alerts make" },
  { value: "include", label: "All groups, suppressed ones too" },
  { value: "only", label: "Groups with suppressed alerts" },
];
const priorityOptions = [{ value: "", label: "Any priority" }, ...falcoPriorityNames.map((name) => ({ value: name.toLowerCase(), label: name }))];

/** The URL's value always has an option, even one typed into the URL by hand. */
function withCurrent(options: ReadonlyArray<{ value: string; label: string }>, current: string) {
  return options.some((option) => option.value === current) ? options : [...options, { value: current, label: current }];
}

/**
 * The list's filters and sort, read from the URL. Applying puts them in the URL (leaving out what is
 * empty or the default), which is what the list reads: the form never holds a view of its own.
 */
export function GroupFilterForm({ params, onApply }: { params: URLSearchParams; onApply: (params: URLSearchParams) => void }) {
  const value = (key: string) => params.getAll(key).join(",");

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, entry] of new FormData(event.currentTarget)) {
      const typed = typeof entry === "string" ? entry.trim() : "";
      // `a, b` and `a,b,` are the same tags: the URL keeps one spelling
      const text = key === "tag" ? typed.split(",").map((tag) => tag.trim()).filter(Boolean).join(",") : typed;
      if (text === "") continue;
      if (key === "sort" && text === "lastSeen") continue;
      if (key === "priorityMatch" && text === "atLeast") continue;
      if (key === "suppressed" && text === "exclude") continue;
      next.set(key, text);
    }
    if (!next.has("priority")) next.delete("priorityMatch");
    onApply(next);
  }

  return (
    <form onSubmit={apply} aria-label="Filters" className="flex flex-col gap-4">
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4 lg:grid-cols-5">
        <Field label="Tenant" name="tenant" defaultValue={value("tenant")} autoComplete="off" hint="A tenant's slug" />
        <SelectField label="Priority" name="priority" defaultValue={value("priority")} options={withCurrent(priorityOptions, value("priority"))} />
        <SelectField
          label="Priority match"
          name="priorityMatch"
          defaultValue={value("priorityMatch") || "atLeast"}
          options={[
            { value: "atLeast", label: "At least" },
            { value: "exactly", label: "Exactly" },
          ]}
        />
        <SelectField label="Status" name="status" defaultValue={value("status")} options={withCurrent(statusOptions, value("status"))} />
        <Field label="Assignee" name="assignee" defaultValue={value("assignee")} autoComplete="off" list="assignee-choices" hint="me, nobody, or an email" />
        <datalist id="assignee-choices">
          <option value="me" />
          <option value="nobody" />
        </datalist>
        <Field label="Rule" name="rule" defaultValue={value("rule")} autoComplete="off" hint="The exact rule name" />
        <Field label="Source" name="source" defaultValue={value("source")} autoComplete="off" hint="syscall, k8s_audit, …" />
        <Field label="Cluster" name="cluster" defaultValue={value("cluster")} autoComplete="off" hint="A cluster's name" />
        <Field label="Namespace" name="namespace" defaultValue={value("namespace")} autoComplete="off" hint="Alerts from this namespace" />
        <Field label="Host" name="hostname" defaultValue={value("hostname")} autoComplete="off" hint="Alerts from this host" />
        <Field label="Tags" name="tag" defaultValue={value("tag")} autoComplete="off" hint="All of them, comma-separated" />
        <Field label="Search" name="q" defaultValue={value("q")} autoComplete="off" hint="Rule or identifying fields" />
        <SelectField label="Last seen" name="since" defaultValue={value("since")} options={withCurrent(sinceOptions, value("since"))} />
        <Field label="Last seen before" name="until" defaultValue={value("until")} autoComplete="off" hint="A time such as 2026-11-30T00:00:00Z" />
        <SelectField
          label="Suppressed"
          name="suppressed"
          defaultValue={value("suppressed") || "exclude"}
          options={withCurrent(suppressedOptions, value("suppressed") || "exclude")}
        />
        <SelectField
          label="Sort by"
          name="sort"
          defaultValue={value("sort") || "lastSeen"}
          options={withCurrent(
            groupSorts.map((sort) => ({ value: sort, label: sortLabels[sort] })),
            value("sort") || "lastSeen",
          )}
        />
      </div>
      <div className="flex gap-3">
        <button type="submit" className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">
          Apply filters
        </button>
        <button type="button" className="rounded border border-slate-300 px-4 py-2 text-sm dark:border-slate-700" onClick={() => onApply(new URLSearchParams())}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
