"use client";

import { useRouter } from "next/navigation";
import { useId } from "react";

/** One step to another tenant's home, keeping the period. */
export function TenantSwitcher({ tenants, current, period }: { tenants: Array<{ slug: string; name: string }>; current: string; period: string }) {
  const router = useRouter();
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      {/* not wrapping the select: its chosen option would join the label's text */}
      <label htmlFor={id}>Tenant</label>
      <select
        id={id}
        value={current}
        onChange={(event) => router.push(`/t/${encodeURIComponent(event.target.value)}?period=${period}`)}
        className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
      >
        {tenants.map((t) => (
          <option key={t.slug} value={t.slug}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}
