import type { listAuditEvents } from "@/lib/audit/audit";

type AuditEvent = Awaited<ReturnType<typeof listAuditEvents>>["events"][number];

/** Before and after are whatever the change recorded: shown as JSON text, never as markup. */
function compactJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function AuditEventTable({ events }: { events: AuditEvent[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs">
        <thead>
          <tr>
            <th scope="col" className="pr-3">When</th>
            <th scope="col" className="pr-3">Who</th>
            <th scope="col" className="pr-3">Action</th>
            <th scope="col" className="pr-3">Object</th>
            <th scope="col" className="pr-3">From</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const before = compactJson(event.before);
            const after = compactJson(event.after);
            return (
              <tr key={event.id.toString()} className="border-t border-slate-200 align-top dark:border-slate-800">
                <td className="whitespace-nowrap py-1 pr-3">
                  <time dateTime={event.at.toISOString()}>{event.at.toISOString()}</time>
                </td>
                <td className="break-words py-1 pr-3">{event.actorEmail ?? "(unknown)"}</td>
                <td className="whitespace-nowrap py-1 pr-3 font-mono">{event.action}</td>
                <td className="py-1 pr-3">
                  {event.objectType}
                  {event.objectId ? <span className="block break-all font-mono text-slate-500">{event.objectId}</span> : null}
                </td>
                <td className="whitespace-nowrap py-1 pr-3">{event.ip ?? "—"}</td>
                <td className="break-all py-1 font-mono">
                  {before ? <span className="block">before: {before}</span> : null}
                  {after ? <span className="block">after: {after}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
