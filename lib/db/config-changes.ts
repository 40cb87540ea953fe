import type { Db } from "@/lib/db/prisma";
import type { Sql } from "@/lib/db/sql";

/*
 * Every replica keeps ingest tokens, tenant patterns and suppression rules in memory for the hot path. Whoever changes
 * them notifies this channel, in the same transaction (PostgreSQL delivers it on commit), and every
 * replica drops what it cached before the next alert.
 */
const channel = "falconry_config";

export type ConfigChange = "tokens" | "tenants" | "suppressions";

type Executor = Pick<Db, "$executeRaw">;

export async function notifyConfigChange(db: Executor, change: ConfigChange): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${channel}, ${change})`;
}

/**
 * Calls `onChange` for each notification, and with every kind of change whenever the listening
 * connection is (re)established, since notifications sent while it was down are lost.
 */
export async function listenForConfigChanges(
  sql: Sql,
  onChange: (change: ConfigChange) => void,
): Promise<() => Promise<void>> {
  const everything: ConfigChange[] = ["tokens", "tenants", "suppressions"];
  const { unlisten } = await sql.listen(
    channel,
    (payload) => {
      if ((everything as string[]).includes(payload)) onChange(payload as ConfigChange);
    },
    () => everything.forEach(onChange),
  );
  return unlisten;
}
