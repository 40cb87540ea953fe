import Link from "next/link";
import type { ReactNode } from "react";
import type { GroupDetail } from "@/components/groups/group-api";
import { groupListHref } from "@/components/groups/group-links";

type Spread = GroupDetail["spread"];

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** "Top 10 of 12 hosts" when some are left out, so a short table never passes for the whole. */
function countNote(shown: number, distinct: number, noun: string): string {
  if (distinct > shown) return `Top ${shown} of ${distinct} ${noun}s`;
  return distinct === 1 ? `1 ${noun}` : `All ${distinct} ${noun}s`;
}

/** Where the group's alerts came from: namespaces and hosts link to the list filtered by them, pods to the group's alerts from them. */
export function GroupSpread({ groupId, spread }: { groupId: string; spread: Spread }) {
  const { namespaces, hosts, pods } = spread;
  const podNote = pods.isPartial
    ? `counted over the newest ${pods.sampled.toLocaleString("en")} of ${BigInt(spread.total).toLocaleString("en")} alerts`
    : `counted over ${pods.sampled === 1 ? "its 1 alert" : `all ${pods.sampled} alerts`}`;
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <SpreadTable
        caption="By namespace"
        note={countNote(namespaces.items.length, namespaces.distinct, "namespace")}
        columns={["Namespace", "Cluster"]}
        rows={namespaces.items.map((item) => ({
          key: `${item.cluster}/${item.namespace ?? ""}`,
          cells: [
            item.namespace === null ? (
              "(host, no namespace)"
            ) : (
              <FilterLink key="namespace" href={groupListHref({ namespace: item.namespace, cluster: item.cluster })} label={item.namespace} />
            ),
            <FilterLink key="cluster" href={groupListHref({ cluster: item.cluster })} label={item.cluster} />,
          ],
          count: item.count,
          share: item.share,
        }))}
      />
      <SpreadTable
        caption="By host"
        note={countNote(hosts.items.length, hosts.distinct, "host")}
        columns={["Host"]}
        rows={hosts.items.map((item) => ({
          key: item.hostname,
          cells: [<FilterLink key="host" href={groupListHref({ hostname: item.hostname })} label={item.hostname} />],
          count: item.count,
          share: item.share,
        }))}
      />
      <SpreadTable
        caption="By pod"
        note={`${countNote(pods.items.length, pods.distinct, "pod")}, ${podNote}`}
        columns={["Pod"]}
        rows={pods.items.map((item) => ({
          key: item.pod ?? "",
          // alerts without a pod cannot be asked for by pod
          cells: [item.pod === null ? "(no pod)" : <FilterLink key="pod" href={`/groups/${encodeURIComponent(groupId)}?${new URLSearchParams({ pod: item.pod })}`} label={item.pod} />],
          count: item.count,
          share: item.share,
        }))}
      />
    </div>
  );
}

function FilterLink({ href, label }: { href: string; label: string }) {
  return (
    <Link href={href} className="underline">
      {label}
    </Link>
  );
}

function SpreadTable({
  caption,
  note,
  columns,
  rows,
}: {
  caption: string;
  note: string;
  columns: string[];
  rows: Array<{ key: string; cells: ReactNode[]; count: string; share: number }>;
}) {
  return (
    <table className="w-full self-start text-left text-sm">
      <caption className="text-left font-medium">
        {caption}
        <span className="block text-xs font-normal text-slate-500">{note}</span>
      </caption>
      <thead>
        <tr className="text-slate-500">
          {columns.map((column) => (
            <th key={column} scope="col" className="pr-3 font-medium">
              {column}
            </th>
          ))}
          <th scope="col" className="pr-3 text-right font-medium">Alerts</th>
          <th scope="col" className="text-right font-medium">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-t border-slate-200 align-top dark:border-slate-800">
            {row.cells.map((cell, i) => (
              <td key={columns[i]} className="break-all py-1 pr-3 font-mono">
                {cell}
              </td>
            ))}
            <td className="py-1 pr-3 text-right tabular-nums">{row.count}</td>
            <td className="py-1 text-right tabular-nums">{percent(row.share)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
