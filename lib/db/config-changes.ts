import type { Db } from "@/lib/db/prisma";
import type { Sql } from "@/lib/db/sql";

/*
 * Every replica keeps ingest tokens, tenant patterns and suppression rules in memory for the hot
 * path. Whoever changes them does so through `changingConfig`, which notifies this channel in the
 * same transaction (PostgreSQL delivers it on commit), and every replica drops what it cached
 * before the next alert.
 *
 * The notification reaches a replica's listener a moment after the commit, its own included: an
 * alert arriving at the replica that made the change, just after answering its author, would still
 * be judged by what it cached. So `changingConfig` also applies the change to this process's caches
 * before it returns. The API's routes (bundled by Next.js) and ingest (the server's) do not share
 * modules, so they meet through a registry on globalThis.
 */
const channel = "falconry_config";

export type ConfigChange = "tokens" | "tenants" | "suppressions";

type Executor = Pick<Db, "$executeRaw">;
type Listener = (change: ConfigChange) => void;

const registry = Symbol.for("falconry.configChangeListeners");
const localListeners: Set<Listener> = ((globalThis as { [registry]?: Set<Listener> })[registry] ??= new Set());

/**
 * Runs `transaction`, which calls `notify` with its executor to announce `change` to every replica
 * on commit, and once it has committed applies the change to this process's caches, before its
 * author is answered.
 */
export async function changingConfig<T>(change: ConfigChange, transaction: (notify: (db: Executor) => Promise<void>) => Promise<T>): Promise<T> {
  const result = await transaction(async (db) => {
    await db.$executeRaw`SELECT pg_notify(${channel}, ${change})`;
  });
  for (const listener of localListeners) listener(change);
  return result;
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
  localListeners.add(onChange);
  return async () => {
    localListeners.delete(onChange);
    await unlisten();
  };
}
