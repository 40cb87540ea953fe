import type { ReactNode } from "react";

/**
 * A chart with what it shows in words (`summary`, the figure's accessible name) and its data as a table
 * under a disclosure, for screen readers, keyboards and anyone who would rather read numbers.
 */
export function ChartFrame({ summary, table, children }: { summary: string; table: ReactNode; children: ReactNode }) {
  return (
    <figure aria-label={summary} className="flex flex-col gap-2">
      {/* bars and segments are links to the list filtered to them, named for what they count */}
      <div className="w-full">{children}</div>
      <figcaption className="sr-only">{summary}</figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Show as a table</summary>
        <div className="mt-2 overflow-x-auto">{table}</div>
      </details>
    </figure>
  );
}

export function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={h} scope="col" className={`pr-3 ${i > 0 ? "text-right" : ""}`}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, r) => (
          <tr key={r} className="border-t border-slate-200 dark:border-slate-800">
            {cells.map((cell, i) => (
              <td key={i} className={`py-0.5 pr-3 ${i > 0 ? "text-right tabular-nums" : "break-all"}`}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
