import Link from "next/link";
import { Field, SubmitButton } from "@/components/ui/form";

interface Values {
  actor?: string;
  action?: string;
  objectType?: string;
}

/** A plain GET form: the filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilterForm({ values }: { values: Values }) {
  return (
    <form method="get" action="/admin/audit" className="flex flex-col gap-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Actor email contains" name="actor" defaultValue={values.actor} maxLength={200} />
        <Field label="Action starts with" name="action" defaultValue={values.action} maxLength={100} hint="e.g. ingest-token." />
        <Field label="Object type" name="objectType" defaultValue={values.objectType} maxLength={100} hint="e.g. cluster, user" />
      </div>
      <div className="flex items-center gap-4">
        <SubmitButton>Filter</SubmitButton>
        <Link href="/admin/audit" className="text-sm underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
