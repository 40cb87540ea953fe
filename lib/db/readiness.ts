import type { Db } from "@/lib/db/prisma";
import { readMigrations } from "@/lib/db/migrate";

export type Readiness = { isReady: true } | { isReady: false; reason: string };

/** Ready means: the database answers and every migration on disk has been applied. */
export async function checkReadiness(db: Db): Promise<Readiness> {
  let applied: Set<string>;
  try {
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = new Set(rows.map((row) => row.migration_name));
  } catch {
    return { isReady: false, reason: "database unreachable or not migrated" };
  }
  const pending = (await readMigrations()).filter((m) => !applied.has(m.name));
  return pending.length === 0
    ? { isReady: true }
    : { isReady: false, reason: `pending migrations: ${pending.map((m) => m.name).join(", ")}` };
}
