import type { Sql } from "@/lib/db/sql";

/**
 * Drops a database made for a test or benchmark run, and the role its migrations created for the
 * app (named after the database: see the "people" migration). Roles belong to the whole server, so
 * they would otherwise pile up on a shared PostgreSQL.
 */
export async function dropDatabase(admin: Sql, name: string): Promise<void> {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`DROP ROLE IF EXISTS ${name}_app`);
}
