import Link from "next/link";
import { PageShell } from "@/components/ui/page-shell";

/** Every missing page, and every page of a tenant the reader does not see: the two look the same. */
export default function NotFound() {
  return (
    <PageShell title="Not found">
      <p>This page could not be found.</p>
      <p>
        <Link href="/" className="underline">
          Go to the start page
        </Link>
      </p>
    </PageShell>
  );
}
