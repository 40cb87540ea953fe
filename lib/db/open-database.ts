import { dataDir, type Env } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export interface OpenDatabase {
  url: string;
  isEmbedded: boolean;
  close(): Promise<void>;
}

/**
 * An explicit DATABASE_URL always wins; otherwise Falconry runs its own PostgreSQL with its data
 * under FALCONRY_DATA_DIR.
 */
export async function openDatabase(env: Env, options: { attach?: boolean } = {}): Promise<OpenDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, isEmbedded: false, close: async () => {} };
  const embedded = await startEmbeddedPostgres({
    dataDir: dataDir(env),
    port: env.FALCONRY_PG_PORT,
    attach: options.attach,
  });
  return { url: embedded.url, isEmbedded: true, close: embedded.stop };
}
