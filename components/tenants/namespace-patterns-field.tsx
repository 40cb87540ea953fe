"use client";

import { useState, type ReactNode } from "react";
import { Field } from "@/components/ui/form";
import { countOf } from "@/components/ui/plural";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { useTenantPreview } from "@/components/tenants/tenant-preview-query";
import type { NamespacePreview } from "@/lib/tenants/preview-namespace-patterns";

// Rows shown per list: a pattern of two stars would list every namespace of a large fleet.
const maxRows = 50;

/**
 * The patterns input of a tenant form, with a live preview of the namespaces seen so far that the
 * patterns would claim. `tenant` is the slug being edited, or null for a tenant not created yet.
 */
export function NamespacePatternsField({ tenant, defaultValue = "" }: { tenant: string | null; defaultValue?: string }) {
  const [text, setText] = useState(defaultValue);
  const namespaces = useDebouncedValue(text.trim(), 300);
  return (
    <div className="flex flex-col gap-3">
      <Field
        label="Namespace patterns"
        name="namespaces"
        value={text}
        onChange={(event) => setText(event.target.value)}
        required
        autoComplete="off"
        spellCheck={false}
        hint="CLUSTER/NAMESPACE, comma-separated; * matches any run of characters. E.g. prod-*/payments, */team-a-*"
      />
      <PatternPreview tenant={tenant} namespaces={namespaces} />
    </div>
  );
}

function PatternPreview({ tenant, namespaces }: { tenant: string | null; namespaces: string }) {
  const { data, error, isFetching } = useTenantPreview({ tenant, namespaces });
  return (
    <section aria-label="Pattern preview" className="flex flex-col gap-2 rounded border border-dashed border-slate-300 p-3 text-sm dark:border-slate-700">
      <h3 className="font-medium">
        What these patterns would claim{isFetching ? <span className="font-normal text-slate-500"> (checking…)</span> : null}
      </h3>
      {namespaces === "" ? (
        <p className="text-slate-500">Type patterns to see which namespaces seen so far they would claim.</p>
      ) : error ? (
        <p className="text-red-800 dark:text-red-300">{error.message}</p>
      ) : data ? (
        <PreviewResult preview={data} tenant={tenant} />
      ) : (
        <p className="text-slate-500">Checking…</p>
      )}
    </section>
  );
}

function PreviewResult({ preview, tenant }: { preview: NamespacePreview; tenant: string | null }) {
  const { claimed, kept, released } = preview;
  const alertCount = claimed.reduce((sum, pair) => sum + pair.alertCount, 0);
  const fromOthers = claimed.filter((pair) => pair.tenant !== null && pair.tenant !== tenant).length;
  return (
    <>
      <p>
        {claimed.length === 0
          ? "No namespace seen so far would belong to this tenant."
          : `${countOf(claimed.length, "namespace")} seen so far, with ${countOf(alertCount, "alert")}, would belong to this tenant` +
            (fromOthers > 0 ? `; ${fromOthers} of them now belong to another tenant.` : ".")}
      </p>
      {claimed.length > 0 ? (
        <table className="w-full text-left">
          <thead>
            <tr className="text-slate-500">
              <th scope="col" className="pr-3 font-medium">Cluster</th>
              <th scope="col" className="pr-3 font-medium">Namespace</th>
              <th scope="col" className="pr-3 text-right font-medium">Alerts</th>
              <th scope="col" className="font-medium">Now</th>
            </tr>
          </thead>
          <tbody>
            {claimed.slice(0, maxRows).map((pair) => (
              <tr key={`${pair.cluster}/${pair.namespace}`} className="border-t border-slate-200 dark:border-slate-800">
                <td className="break-all pr-3">{pair.cluster}</td>
                <td className="break-all pr-3">{pair.namespace}</td>
                <td className="pr-3 text-right tabular-nums">{pair.alertCount}</td>
                <td>{pair.tenant === null ? "unassigned" : pair.tenant === tenant ? "this tenant" : `${pair.tenant}, moves here`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {claimed.length > maxRows ? <p className="text-slate-500">…and {countOf(claimed.length - maxRows, "more namespace")}.</p> : null}
      {kept.length > 0 ? (
        <PairList heading="Matched, but an older tenant keeps them (the oldest tenant with a matching pattern wins):">
          {kept.slice(0, maxRows).map((pair) => (
            <li key={`${pair.cluster}/${pair.namespace}`}>
              {pair.cluster}/{pair.namespace}: {countOf(pair.alertCount, "alert")}, stays with {pair.keptBy}
            </li>
          ))}
        </PairList>
      ) : null}
      {released.length > 0 ? (
        <PairList heading="Would leave this tenant:">
          {released.slice(0, maxRows).map((pair) => (
            <li key={`${pair.cluster}/${pair.namespace}`}>
              {pair.cluster}/{pair.namespace}: {countOf(pair.alertCount, "alert")}, {pair.releasedTo ? `goes to ${pair.releasedTo}` : "becomes unassigned"}
            </li>
          ))}
        </PairList>
      ) : null}
    </>
  );
}

function PairList({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <div>
      <p>{heading}</p>
      <ul className="ml-5 list-disc">{children}</ul>
    </div>
  );
}
