import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createSql } from "@/lib/db/sql";
import { dropDatabase } from "@/test/helpers/drop-database";
import { startFalconry } from "@/test/helpers/falconry-process";
import { freePort } from "@/test/helpers/free-port";

/**
 * Starts Falconry as `npm start` does, on a database of its own: a fresh database on
 * DATABASE_URL's server when that is set, else the embedded PostgreSQL in a temporary directory.
 * Specs find the one-time setup link it printed in FALCONRY_E2E_SETUP_URL, and the database (as its
 * owner, to arrange and inspect what the browser cannot) in FALCONRY_E2E_DATABASE_URL.
 */
export default async function globalSetup() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "falconry-e2e-"));
  const database = process.env.DATABASE_URL ? await createDatabase(process.env.DATABASE_URL) : undefined;
  const pgPort = await freePort();
  const falconry = startFalconry({
    DATABASE_URL: database?.url,
    FALCONRY_DATA_DIR: dataDir,
    FALCONRY_PG_PORT: String(pgPort),
    PORT: process.env.FALCONRY_E2E_PORT,
    HOST: "127.0.0.1",
  });
  try {
    const [, setupUrl] = await falconry.waitForOutput(/^\s+(http:\/\/\S+\/setup\?token=[\w-]+)$/m);
    process.env.FALCONRY_E2E_SETUP_URL = setupUrl;
    process.env.FALCONRY_E2E_DATABASE_URL =
      database?.url ??
      `postgres://postgres:${encodeURIComponent((await readFile(path.join(dataDir, "postgres-password"), "utf8")).trim())}@127.0.0.1:${pgPort}/falconry`;
  } catch (error) {
    await falconry.interrupt();
    throw error;
  }

  return async () => {
    await falconry.interrupt();
    // What the server said, kept with the other artefacts for when a spec fails.
    await mkdir("e2e/artifacts", { recursive: true });
    await writeFile("e2e/artifacts/falconry.log", `${falconry.stdout()}\n${falconry.stderr()}`);
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
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
