import { Fragment } from "react";
import { SelectField } from "@/components/ui/form";
import { initialScope } from "@/lib/users/initial-scope";

export interface TenantOption {
  slug: string;
  name: string;
}

export interface UserAccess {
  role: string;
  allTenants: boolean;
  tenants: readonly string[];
}

const roles = [
  { value: "viewer", label: "Viewer: reads alerts" },
  { value: "analyst", label: "Analyst: reads and triages alerts" },
  { value: "admin", label: "Admin: also manages people, tenants and clusters" },
];

/**
 * Role and tenant scope, as the user form schema (lib/users/user-form.ts) reads them. Mounted anew
 * whenever `access` changes: React resets an action's form after it runs, and a select's reset goes
 * back to the value it was first mounted with, which showed (and the next save sent) a role already
 * changed.
 */
export function UserAccessFields({ tenants, access }: { tenants: readonly TenantOption[]; access: UserAccess }) {
  const scope = initialScope(access);
  return (
    <Fragment key={`${access.role} ${access.allTenants} ${access.tenants.join(",")}`}>
      <SelectField label="Role" name="role" options={roles} defaultValue={access.role} />
      <fieldset className="flex flex-col gap-2 text-sm">
        <legend className="mb-1 font-medium">Tenants</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="scope" value="all" defaultChecked={scope === "all"} />
          All tenants
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="scope" value="chosen" defaultChecked={scope === "chosen"} />
          Only the tenants ticked
        </label>
        {tenants.length === 0 ? (
          <p className="ml-6 text-slate-500">No tenant exists yet.</p>
        ) : (
          <div className="ml-6 flex flex-col gap-1">
            {tenants.map((tenant) => (
              <label key={tenant.slug} className="flex items-center gap-2">
                <input type="checkbox" name="tenants" value={tenant.slug} defaultChecked={access.tenants.includes(tenant.slug)} />
                {tenant.name} ({tenant.slug})
              </label>
            ))}
          </div>
        )}
        <p className="text-slate-500">Admins always see every tenant, whatever is chosen here.</p>
      </fieldset>
    </Fragment>
  );
}
