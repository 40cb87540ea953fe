// `npm run falconry -- <command>`: the operators' command line. See lib/cli/run-cli.ts.
import "@/lib/server/no-telemetry";
import { migrate } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open-database";
import { describeDatabaseError } from "@/lib/db/describe-database-error";
import { describePrismaError } from "@/lib/db/prisma-errors";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSql } from "@/lib/db/sql";
import { readEnv } from "@/lib/env";
import { findCommand, usage, UsageError } from "@/lib/cli/run-cli";
import { normalizeError } from "@/lib/normalize-error";

async function main(argv: string[]): Promise<number> {
  // Asked for, the usage is the result; without a command, it answers a usage error.
  if (argv[0] === "help" || argv.includes("--help")) {
    console.log(usage);
    return 0;
  }
  if (argv.length === 0) {
    console.error(usage);
    return 2;
  }
  let run;
  try {
    run = findCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n\n${usage}`);
    return 2;
  }
  // Attaches to the embedded PostgreSQL of a running `npm start`, or starts it for this command.
  const database = await openDatabase(readEnv(), { attach: true });
  // Operators act on every tenant, whatever role DATABASE_URL names.
  const sql = createSql(database.url, { max: 2, seesAllTenants: true });
  const db = createPrismaClient(database.url, { seesAllTenants: true });
  try {
    await migrate(sql);
    await run({ db, sql, out: (line) => console.log(line), err: (line) => console.error(line) });
    return 0;
  } catch (error) {
    const message = normalizeError(error)?.message ?? describeDatabaseError(error, database.url) ?? describePrismaError(error);
    if (!message) throw error;
    console.error(`error: ${message}`);
    return 1;
  } finally {
    await db.$disconnect();
    await sql.end({ timeout: 5 });
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
