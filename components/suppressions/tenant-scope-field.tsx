"use client";

/** The tenants a rule applies to: some of the caller's, or (admins) all, which also covers unassigned namespaces and hosts. */
export function TenantScopeField({
  tenants,
  value,
  onChange,
  canAll,
}: {
  /** The caller's tenants' slugs. */
  tenants: readonly string[];
  value: "all" | string[];
  onChange: (value: "all" | string[]) => void;
  canAll: boolean;
}) {
  const chosen = value === "all" ? [] : value;
  // a prefilled tenant the caller does not have stays shown, so it can be unticked
  const shown = [...new Set([...tenants, ...chosen])];
  const toggle = (slug: string, isChecked: boolean) => onChange(isChecked ? [...chosen, slug] : chosen.filter((other) => other !== slug));
  return (
    <fieldset className="flex flex-col gap-2 text-sm">
      <legend className="mb-1 font-medium">Tenants</legend>
      {canAll ? (
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={value === "all"} onChange={(event) => onChange(event.target.checked ? "all" : [])} />
          All tenants (also unassigned namespaces and hosts)
        </label>
      ) : null}
      {value === "all" ? null : shown.length === 0 ? (
        <p>You have no tenant to suppress alerts of. Ask an administrator.</p>
      ) : (
        <div className="flex flex-wrap gap-4">
          {shown.map((slug) => (
            <label key={slug} className="flex items-center gap-2">
              <input type="checkbox" checked={chosen.includes(slug)} onChange={(event) => toggle(slug, event.target.checked)} />
              {slug}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
