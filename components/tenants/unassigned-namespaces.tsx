"use client";

import { useActionState } from "react";
import { assignNamespaceAction } from "@/app/admin/tenants/actions";
import { useInvalidatePreviewsAfter } from "@/components/tenants/use-invalidate-previews";
import { FormError, FormNotice } from "@/components/ui/form";

interface UnassignedPair {
  cluster: string;
  namespace: string;
  alertCount: number;
}

/** Namespaces whose alerts belong to no tenant, each with a one-click way to give it to one. */
export function UnassignedNamespaces({ pairs, tenants }: { pairs: UnassignedPair[]; tenants: Array<{ slug: string; name: string }> }) {
  // One state for every row's form: a row leaves the list once assigned, its message must not.
  const [state, action, isPending] = useActionState(assignNamespaceAction, { error: null, notice: null });
  useInvalidatePreviewsAfter(state.notice);
  return (
    <>
      <FormError message={state.error} />
      <FormNotice message={state.notice} />
      {pairs.length === 0 ? (
        <p>Every namespace seen so far belongs to a tenant.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col" className="pr-3">Cluster</th>
              <th scope="col" className="pr-3">Namespace</th>
              <th scope="col" className="pr-3 text-right">Alerts</th>
              <th scope="col">Assign to tenant</th>
            </tr>
          </thead>
          <tbody>
            {pairs.map((pair) => (
              <tr key={`${pair.cluster}/${pair.namespace}`} className="border-t border-slate-200 align-middle dark:border-slate-800">
                <td className="break-all py-1 pr-3">{pair.cluster}</td>
                <td className="break-all py-1 pr-3">{pair.namespace}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{pair.alertCount}</td>
                <td className="py-1">
                  {tenants.length === 0 ? (
                    <span className="text-slate-500">Create a tenant first.</span>
                  ) : (
                    <form action={action} className="flex flex-wrap gap-2">
                      <input type="hidden" name="cluster" value={pair.cluster} />
                      <input type="hidden" name="namespace" value={pair.namespace} />
                      <select
                        name="tenant"
                        required
                        defaultValue=""
                        aria-label={`Tenant for ${pair.cluster}/${pair.namespace}`}
                        className="w-48 max-w-full rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
                      >
                        <option value="" disabled>
                          Choose a tenant
                        </option>
                        {tenants.map((tenant) => (
                          <option key={tenant.slug} value={tenant.slug}>
                            {tenant.name} ({tenant.slug})
                          </option>
                        ))}
                      </select>
                      <button
                        type="submit"
                        disabled={isPending}
                        className="whitespace-nowrap rounded border border-slate-300 px-3 py-1 disabled:opacity-60 dark:border-slate-700"
                      >
                        Assign to tenant
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
