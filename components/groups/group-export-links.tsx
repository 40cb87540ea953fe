import type { GroupFilterInput } from "@/components/groups/group-api";
import { filterQuery } from "@/components/groups/group-list-params";

const linkClass = "rounded border border-slate-300 px-3 py-1 dark:border-slate-700";

/**
 * Downloads of the alerts of this view: GET /api/v1/export takes the list's filters, applied to each
 * alert (its own time, cluster, namespace and priority; its group's status and assignee).
 */
export function GroupExportLinks({ filter }: { filter: GroupFilterInput }) {
  const href = (format: "csv" | "ndjson") => `/api/v1/export?${new URLSearchParams([["format", format], ...new URLSearchParams(filterQuery(filter))])}`;
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm">
      <a href={href("csv")} download className={linkClass}>
        Export CSV
      </a>
      <a href={href("ndjson")} download className={linkClass}>
        Export NDJSON
      </a>
      <span className="text-slate-500">Every alert matching these filters, however many.</span>
    </p>
  );
}
