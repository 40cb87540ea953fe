import { createHmac } from "node:crypto";
import { scramVerifier } from "@/lib/crypto/scram-verifier";
import { confineAppRole } from "@/lib/db/confine-app-role";
import type { Sql } from "@/lib/db/sql";

/*
 * Falconry connects as a role of its own that owns no table and has no BYPASSRLS, so PostgreSQL's
 * row-level security holds even if the app forgets a filter. The "people" migration creates the
 * role (named after the database) and records it in app_role; its password is generated once,
 * kept in that table (which only the owner can read), and set again at every start so that every
 * replica agrees. No statement carries the password, which log_statement would write to the
 * server's log: PostgreSQL generates it, and the role is given its SCRAM verifier. Every start also
 * confines the role again (lib/db/confine-app-role.ts) before it may sign in.
 */

export interface AppRole {
  /** The database URL with the app role's name and password. */
  url: string;
  /** Signs session cookies; derived from the role's password, so every replica has the same. */
  authSecret: string;
}

const APP_ROLE_LOCK = 0x41_50_50_52; // "APPR"

/**
 * Makes sure the app role cannot get round row-level security, makes it able to sign in and returns
 * how to connect as it. Throws, saying what to fix, when the role cannot be confined. Replicas
 * starting together take turns: PostgreSQL refuses one of two changes to a role made at once
 * ("tuple concurrently updated"), which failed the start of one of them.
 */
export async function prepareAppRole(owner: Sql, ownerUrl: string): Promise<AppRole> {
  // Such a URL takes no user name: Falconry would connect as the owner, whom row-level security spares.
  if (new URL(ownerUrl).host === "") {
    throw new Error(
      "DATABASE_URL names no host (postgres:///db): Falconry cannot connect through it as its own role. Name one, e.g. postgres://localhost/falconry, or a socket directory as postgres://localhost/falconry?host=/var/run/postgresql",
    );
  }
  const connection = await owner.reserve();
  try {
    await connection`SELECT pg_advisory_lock(${APP_ROLE_LOCK})`;
    try {
      // The lock is the database's: databases of one server that share the role (tests' clones of
      // one template) can still collide, and the loser tries again.
      for (let attempt = 1; ; attempt++) {
        try {
          return await prepare(connection, ownerUrl);
        } catch (error) {
          if (!/tuple concurrently updated/.test((error as Error).message) || attempt === 3) throw error;
        }
      }
    } finally {
      await connection`SELECT pg_advisory_unlock(${APP_ROLE_LOCK})`;
    }
  } finally {
    connection.release();
  }
}

async function prepare(owner: Sql, ownerUrl: string): Promise<AppRole> {
  // Two version-4 UUIDs: 244 random bits.
  const [role] = await owner<{ name: string; password: string }[]>`
    UPDATE app_role SET password = coalesce(password, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    RETURNING name, password`;
  if (!role) throw new Error("the app_role table is empty: the database was not migrated");
  await confineAppRole(owner, role.name);
  const [statement] = await owner<{ sql: string }[]>`
    SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', ${role.name}::text, ${scramVerifier(role.password)}::text) AS sql`;
  await owner.unsafe(statement!.sql);
  const appUrl = new URL(ownerUrl);
  appUrl.username = role.name;
  appUrl.password = role.password;
  const authSecret = createHmac("sha256", role.password).update("falconry session cookies").digest("base64url");
  return { url: appUrl.toString(), authSecret };
}
