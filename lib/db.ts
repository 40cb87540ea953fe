import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createSql, type Sql } from "@/lib/db/sql";

// One client each per process: Next's dev server reloads modules, so they are kept on globalThis.
const holder = globalThis as unknown as { falconryDb?: Db; falconrySystemDb?: Db; falconrySql?: Sql; falconrySystemSql?: Sql };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Falconry with `npm start`");
  return url;
}

/** Sees no tenant's rows unless a query sets a scope (lib/db/scoped-db.ts): people, sessions, tokens. */
export function getDb(): Db {
  holder.falconryDb ??= createPrismaClient(databaseUrl());
  return holder.falconryDb;
}

/** Sees every tenant: for admins (after the permission check) and Falconry's own work. */
export function getSystemDb(): Db {
  holder.falconrySystemDb ??= createPrismaClient(databaseUrl(), { seesAllTenants: true });
  return holder.falconrySystemDb;
}

/** postgres.js seeing no tenant's rows unless a transaction sets a scope: the alert list's and the export's pages for people. */
export function getSql(): Sql {
  holder.falconrySql ??= createSql(databaseUrl(), { max: 4 });
  return holder.falconrySql;
}

/** postgres.js seeing every tenant, for re-segmentation after an admin changes a tenant. */
export function getSystemSql(): Sql {
  holder.falconrySystemSql ??= createSql(databaseUrl(), { max: 2, seesAllTenants: true });
  return holder.falconrySystemSql;
}
