// `npm start`: build if needed, start PostgreSQL (embedded unless DATABASE_URL is set), migrate,
// serve. This process owns PostgreSQL and the server and stops both on SIGINT/SIGTERM: a signal
// sent to npm does not reliably reach the processes it started.
import "@/lib/server/no-telemetry";
import { createPrismaClient } from "@/lib/db/prisma";
import { prepareAppRole } from "@/lib/db/app-role";
import { migrate } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open-database";
import { describeDatabaseError } from "@/lib/db/describe-database-error";
import { createSql } from "@/lib/db/sql";
import { publicUrl, readEnv } from "@/lib/env";
import { buildIfStale } from "@/lib/server/build-if-stale";
import { printFirstAccess } from "@/lib/server/first-access";
import { startServer } from "@/lib/server/start-server";
import { stopOnSignals } from "@/lib/server/stop-on-signals";

const log = (line: string) => console.error(`falconry: ${line}`);
const stoppers: Array<() => Promise<void>> = [];

async function start(): Promise<void> {
  const env = readEnv();
  buildIfStale(log);
  const database = await openDatabase(env);
  stoppers.unshift(database.close);
  log(database.isEmbedded ? `embedded PostgreSQL is up (data in ${env.FALCONRY_DATA_DIR})` : "using DATABASE_URL");

  const sql = createSql(database.url, { max: 1 });
  try {
    const applied = await migrate(sql).catch((error: unknown) => {
      throw new Error(describeDatabaseError(error, database.url) ?? (error as Error).message, { cause: error });
    });
    if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
    // From here on, Falconry connects as its own role, under row-level security (lib/db/app-role.ts);
    // the route handlers Next.js runs in this process read these two.
    const appRole = await prepareAppRole(sql, database.url);
    process.env.DATABASE_URL = appRole.url;
    process.env.BETTER_AUTH_SECRET = appRole.authSecret;
    const server = await startServer(env, appRole.url);
    stoppers.unshift(server.close);
    console.log(`Falconry is running at ${publicUrl(env)}`);
    const db = createPrismaClient(database.url);
    await printFirstAccess(db, publicUrl(env)).finally(() => db.$disconnect());
  } finally {
    await sql.end({ timeout: 5 });
  }
}

let stopping: Promise<never> | undefined;
/**
 * Stops the server, then the database, and exits with `code`. Called again while stopping (by a start
 * that fails because of the stop), it leaves the stop under way to finish.
 */
function stop(code: number): Promise<never> {
  stopping ??= (async () => {
    for (const stopper of stoppers) {
      await stopper().catch((error: unknown) => log(`while stopping: ${(error as Error).message}`));
    }
    log("stopped");
    return process.exit(code);
  })();
  return stopping;
}

stopOnSignals(() => void stop(0), log);
start().catch(async (error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  await stop(1);
});
