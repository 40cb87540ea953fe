import { getDb } from "@/lib/db";
import { checkReadiness } from "@/lib/db/readiness";

export const dynamic = "force-dynamic";

/** Readiness: the database is reachable and fully migrated. */
export async function GET() {
  const readiness = await checkReadiness(getDb());
  const headers = { "Cache-Control": "no-store" };
  return readiness.isReady
    ? Response.json({ status: "ready" }, { headers })
    : Response.json({ status: "not ready", reason: readiness.reason }, { status: 503, headers });
}
