import type { Sql } from "@/lib/db/sql";

/** How many sessions of `sql`'s database wait for a lock: for tests that line transactions up. */
export async function waitingOnLocks(sql: Sql): Promise<number> {
  const [row] = await sql<[{ n: number }]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`;
  return row!.n;
}
