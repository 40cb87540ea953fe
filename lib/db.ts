import { createPrismaClient, type Db } from "@/lib/db/prisma";

// One client per process: Next's dev server reloads modules, so it is kept on globalThis.
const holder = globalThis as unknown as { falconryDb?: Db };

export function getDb(): Db {
  if (!holder.falconryDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Falconry with `npm start`");
    holder.falconryDb = createPrismaClient(url);
  }
  return holder.falconryDb;
}
