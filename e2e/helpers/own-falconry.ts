import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createSql } from "@/lib/db/sql";
import { dropDatabase } from "@/test/helpers/drop-database";
import { startFalconry, type FalconryProcess } from "@/test/helpers/falconry-process";
import { freePort } from "@/test/helpers/free-port";

export interface OwnFalconry {
  process: FalconryProcess;
  /** The one-time setup link it printed. */
  setupUrl: string;
  /** Its database as the owner, to arrange and inspect what the browser cannot. */
  databaseUrl: string;
  /** Stops it and throws its database away. */
  stop(): Promise<void>;
}

/**
 * Starts Falconry as `npm start` does, on a database of its own: a fresh database on
 * DATABASE_URL's server when that is set, else the embedded PostgreSQL in a temporary directory.
 * The app must be built already, or this first builds it.
 */
export async function startOwnFalconry(env: Record<string, string | undefined>): Promise<OwnFalconry> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "falconry-e2e-"));
  const database = process.env.DATABASE_URL ? await createDatabase(process.env.DATABASE_URL) : undefined;
  const pgPort = await freePort();
  const falconry = startFalconry({ ...env, DATABASE_URL: database?.url, FALCONRY_DATA_DIR: dataDir, FALCONRY_PG_PORT: String(pgPort), HOST: "127.0.0.1" });
  const stop = async () => {
    await falconry.interrupt();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const [, setupUrl] = await falconry.waitForOutput(/^\s+(http:\/\/\S+\/setup\?token=[\w-]+)$/m);
    const databaseUrl =
      database?.url ??
      `postgres://postgres:${encodeURIComponent((await readFile(path.join(dataDir, "postgres-password"), "utf8")).trim())}@127.0.0.1:${pgPort}/falconry`;
    return { process: falconry, setupUrl: setupUrl!, databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createDatabase(serverUrl: string) {
  const name = `falconry_e2e_${randomBytes(6).toString("hex")}`;
  const admin = createSql(serverUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}
