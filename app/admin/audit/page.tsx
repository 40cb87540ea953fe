import Link from "next/link";
import { AuditEventTable } from "@/components/audit/audit-event-table";
import { AuditFilterForm } from "@/components/audit/audit-filter-form";
import { FormError } from "@/components/ui/form";
import { PageShell, Panel } from "@/components/ui/page-shell";
import { listAuditEvents } from "@/lib/audit/audit";
import { auditQuerySchema, auditQueryString } from "@/lib/audit/audit-query";
import { pageCaller } from "@/lib/auth/page-caller";
import { getDb } from "@/lib/db";
import { describeIssues } from "@/lib/validation";

export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await pageCaller("/admin/audit", "admin");
  const query = auditQuerySchema.safeParse(await searchParams);
  if (!query.success) {
    return (
      <PageShell title="Audit trail" wide>
        <Panel heading="Events">
          <FormError message={describeIssues(query.error.issues)} />
          <Link href="/admin/audit" className="underline">
            Show the newest events
          </Link>
        </Panel>
      </PageShell>
    );
  }
  const filter = query.data;
  const { events, nextBefore } = await listAuditEvents(getDb(), filter);
  return (
    <PageShell title="Audit trail" wide>
      <Panel heading="Filters">
        <AuditFilterForm values={filter} />
      </Panel>
      <Panel heading="Events">
        {events.length === 0 ? <p>No event matches.</p> : <AuditEventTable events={events} />}
        <nav aria-label="Pages" className="flex gap-4 text-sm">
          {filter.before ? (
            <Link href={`/admin/audit?${auditQueryString(filter)}`} className="underline">
              Newest
            </Link>
          ) : null}
          {nextBefore ? (
            <Link href={`/admin/audit?${auditQueryString(filter, nextBefore)}`} className="underline">
              Older
            </Link>
          ) : null}
        </nav>
      </Panel>
    </PageShell>
  );
}
