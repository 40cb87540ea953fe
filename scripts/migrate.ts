// `npm run db:migrate`: applies pending migrations to DATABASE_URL or the embedded database.
import "@/lib/server/no-telemetry";
import { describeDatabaseError } from "@/lib/db/describe-database-error";
import { migrate } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open-database";
import { createSql } from "@/lib/db/sql";
import { readEnv } from "@/lib/env";

const database = await openDatabase(readEnv(), { attach: true });
const sql = createSql(database.url, { max: 1 });
try {
  const applied = await migrate(sql);
  console.error(applied.length > 0 ? `Applied ${applied.join(", ")}` : "The database is up to date.");
} catch (error) {
  console.error(`error: ${describeDatabaseError(error, database.url) ?? (error as Error).message}`);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 5 });
  await database.close();
}
