import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { prepareAppRole } from "@/lib/db/app-role";
import { migrate } from "@/lib/db/migrate";
import { createSql } from "@/lib/db/sql";
import { dropDatabase } from "@/test/helpers/drop-database";
import { freePort } from "@/test/helpers/free-port";

declare module "vitest" {
  export interface ProvidedContext {
    /** A database on the test server that test files may connect to, to create their own. */
    adminDatabaseUrl: string;
    /** A migrated database that test databases are cloned from. */
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the whole run: DATABASE_URL's server when it is set, else an embedded one in
 * a temporary directory. Every test file clones its own database from a migrated template.
 */
export default async function setup(project: TestProject) {
  let adminDatabaseUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!adminDatabaseUrl) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "falconry-test-"));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: "postgres" });
    adminDatabaseUrl = server.url;
    stopServer = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  const templateDatabase = `falconry_template_${process.pid}`;
  const admin = createSql(adminDatabaseUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${templateDatabase}`);
  const template = createSql(withDatabase(adminDatabaseUrl, templateDatabase), { max: 1 });
  await migrate(template);
  // Test databases are cloned from this one: they share its app role and that role's password.
  await prepareAppRole(template, withDatabase(adminDatabaseUrl, templateDatabase));
  await template.end();

  project.provide("adminDatabaseUrl", adminDatabaseUrl);
  project.provide("templateDatabase", templateDatabase);

  return async () => {
    await dropDatabase(admin, templateDatabase);
    await admin.end();
    await stopServer();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
