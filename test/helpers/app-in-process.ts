import { makeSignature } from "better-auth/crypto";
import { prepareAppRole } from "@/lib/db/app-role";
import { clientIpHeader } from "@/lib/server/client-address";
import type { TestDatabase } from "@/test/helpers/test-database";

/**
 * Points this test process's getDb() and getAuth() at `database`, as `npm start` does for the
 * server: the app's role, and the cookie secret derived from its password. Call it before anything
 * uses either; both are created once per process.
 */
export async function useAppDatabase(database: TestDatabase): Promise<{ authSecret: string }> {
  const { url, authSecret } = await prepareAppRole(database.sql, database.url);
  process.env.DATABASE_URL = url;
  process.env.BETTER_AUTH_SECRET = authSecret;
  return { authSecret };
}

/** The Cookie header of a browser holding the session with this token. */
export async function sessionCookie(token: string, authSecret: string): Promise<string> {
  return `better-auth.session_token=${encodeURIComponent(`${token}.${await makeSignature(token, authSecret)}`)}`;
}

/** The headers Falconry's server passes on for a request from `ip`. */
export function requestFrom(ip: string, more: Record<string, string> = {}): Headers {
  return new Headers({ [clientIpHeader]: ip, "user-agent": "vitest", ...more });
}
