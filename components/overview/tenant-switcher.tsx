import Form from "next/form";
import { useId } from "react";

/**
 * Another tenant's home, keeping the period: chosen, then opened with "Switch" (a form to /t, so it
 * works without JavaScript too). Choosing alone goes nowhere: on Windows and Linux the arrow keys
 * change a closed select's option, and a select that navigated on change left a keyboard user on
 * the next tenant at the first key.
 */
export function TenantSwitcher({ tenants, current, period }: { tenants: Array<{ slug: string; name: string }>; current: string; period: string }) {
  const id = useId();
  return (
    // keyed by the tenant shown: going back shows that tenant chosen, not the one switched to
    <Form key={current} action="/t" className="flex items-center gap-2 text-sm">
      {/* not wrapping the select: its chosen option would join the label's text */}
      <label htmlFor={id}>Tenant</label>
      <select
        id={id}
        name="tenant"
        defaultValue={current}
        className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
      >
        {tenants.map((t) => (
          <option key={t.slug} value={t.slug}>
            {t.name}
          </option>
        ))}
      </select>
      <input type="hidden" name="period" value={period} />
      <button type="submit" className="rounded border border-slate-300 px-3 py-1 dark:border-slate-700">
        Switch
      </button>
    </Form>
  );
}
