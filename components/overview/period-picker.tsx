import Link from "next/link";
import { overviewPeriods, type OverviewPeriodName } from "@/lib/overview/overview-period";

const labels: Record<OverviewPeriodName, string> = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days" };

/** The period as links (`?period=`), the current one marked. */
export function PeriodPicker({ path, current }: { path: string; current: OverviewPeriodName }) {
  return (
    <nav aria-label="Period" className="flex gap-2 text-sm">
      {overviewPeriods.map((period) => (
        <Link
          key={period}
          href={`${path}?period=${period}`}
          aria-current={period === current ? "page" : undefined}
          className={`rounded border px-3 py-1 ${period === current ? "border-sky-600 bg-sky-50 font-medium dark:bg-sky-950" : "border-slate-300 dark:border-slate-700"}`}
        >
          {labels[period]}
        </Link>
      ))}
    </nav>
  );
}
