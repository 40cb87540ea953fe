import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { connectionSettings } from "@/lib/db/sql";

export type Db = PrismaClient;

/** The client an interactive transaction hands its callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * `seesAllTenants`: every connection sees every tenant's rows (see lib/db/sql.ts); for Falconry's own
 * work and for admins, whose scope is every tenant. Code serving anyone else uses `scopedDb`.
 */
export function createPrismaClient(databaseUrl: string, options: { seesAllTenants?: boolean } = {}): Db {
  // pg takes the URL's `options` (Neon's `endpoint=…`, a `-c search_path=…`) instead of the config's,
  // so both go in the config, Falconry's last: PostgreSQL applies them in order, and the last wins.
  const url = new URL(databaseUrl);
  const urlOptions = url.searchParams.get("options");
  url.searchParams.delete("options");
  const settings = [
    ...(urlOptions === null ? [] : [urlOptions]),
    `-c jit=${connectionSettings.jit}`,
    ...(options.seesAllTenants ? ["-c falconry.scope=all"] : []),
  ];
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString(), options: settings.join(" ") }) });
}
