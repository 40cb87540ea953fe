import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scramVerifier } from "@/lib/crypto/scram-verifier";
import { prepareAppRole } from "@/lib/db/app-role";
import { migrate } from "@/lib/db/migrate";
import { createSql } from "@/lib/db/sql";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * What every start does to the app role. The database is migrated here rather than cloned, so that
 * its app role is its own (roles belong to the whole server) and may be spoiled without harming the
 * other test files.
 */

let database: TestDatabase;
let role: string;
/** A role owning a table of this database, as a careless administrator might make. */
let tableOwner: string;
/** Who migrated the database and owns its tables. */
let owner: string;

beforeAll(async () => {
  database = await createTestDatabase({ isEmpty: true });
  await migrate(database.sql);
  role = `${database.name}_app`;
  tableOwner = `${database.name}_owner`;
  [{ owner }] = await database.sql<[{ owner: string }]>`SELECT current_user AS owner`;
  await database.sql.unsafe(`CREATE ROLE ${tableOwner} NOLOGIN`);
});

afterAll(async () => {
  await database.sql.unsafe(`DROP OWNED BY ${tableOwner}; DROP ROLE ${tableOwner}`);
  await database.drop();
});

async function attributes() {
  const [row] = await database.sql`
    SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication, rolcanlogin FROM pg_roles WHERE rolname = ${role}`;
  return row;
}

/** Starts as Falconry does, and tries the role it hands out. */
async function start() {
  const { url } = await prepareAppRole(database.sql, database.url);
  const app = createSql(url, { max: 1 });
  try {
    const [row] = await app<{ user: string }[]>`SELECT current_user AS user`;
    return row!.user;
  } finally {
    await app.end({ timeout: 5 });
  }
}

describe("every start", () => {
  it("refuses a DATABASE_URL without a host, which would keep the owner's name in the app's URL", async () => {
    const hostless = `postgres:///${new URL(database.url).pathname.slice(1)}`;
    await expect(prepareAppRole(database.sql, hostless)).rejects.toThrow(/^DATABASE_URL names no host/);
  });

  it("takes back superuser, BYPASSRLS, CREATEROLE, CREATEDB and REPLICATION, however the role got them", async () => {
    expect(await start()).toBe(role);
    await database.sql.unsafe(`ALTER ROLE ${role} SUPERUSER BYPASSRLS CREATEROLE CREATEDB REPLICATION`);
    expect(await start()).toBe(role);
    expect(await attributes()).toEqual({
      rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolcanlogin: true,
    });
  });

  it("takes back the right to create objects in the public schema, which PostgreSQL 14 and older give everyone", async () => {
    await database.sql.unsafe(`GRANT CREATE ON SCHEMA public TO PUBLIC`);
    await start();
    const [row] = await database.sql`SELECT has_schema_privilege(${role}, 'public', 'CREATE') AS "canCreate"`;
    expect(row).toEqual({ canCreate: false });
  });

  it("refuses to go on while the role owns a table, saying which and how to fix it", async () => {
    await database.sql.unsafe(`CREATE TABLE stray (id int); ALTER TABLE stray OWNER TO ${role}`);
    try {
      await expect(start()).rejects.toThrow(
        `Falconry's database role "${role}" could get round row-level security, so Falconry will not start: ` +
          `it owns table stray (ALTER TABLE stray OWNER TO ${owner}).`,
      );
    } finally {
      await database.sql`DROP TABLE stray`;
    }
    expect(await start()).toBe(role);
  });

  it("refuses to go on while the role belongs to a role that owns tables, or to the owner itself", async () => {
    await database.sql.unsafe(`CREATE TABLE elsewhere (id int); ALTER TABLE elsewhere OWNER TO ${tableOwner}; GRANT ${tableOwner} TO ${role}`);
    try {
      await expect(start()).rejects.toThrow(
        `it is a member of ${tableOwner}, which owns tables, schemas or the database (REVOKE ${tableOwner} FROM ${role})`,
      );
    } finally {
      await database.sql.unsafe(`REVOKE ${tableOwner} FROM ${role}`);
    }

    await database.sql.unsafe(`GRANT ${owner} TO ${role}`);
    try {
      await expect(start()).rejects.toThrow(`it is a member of ${owner}`);
    } finally {
      await database.sql.unsafe(`REVOKE ${owner} FROM ${role}`);
    }
    expect(await start()).toBe(role);
  });

  it("refuses to go on while the role belongs to a predefined role that reads every table", async () => {
    await database.sql.unsafe(`GRANT pg_read_all_data TO ${role}`);
    try {
      await expect(start()).rejects.toThrow("it is a member of pg_read_all_data, which reads or writes what no grant allows");
    } finally {
      await database.sql.unsafe(`REVOKE pg_read_all_data FROM ${role}`);
    }
  });

  it("refuses to go on while a stored setting would give the role's connections a scope", async () => {
    // which the role may store for itself: ALTER ROLE CURRENT_USER SET ...
    await database.sql.unsafe(`ALTER ROLE ${role} IN DATABASE ${database.name} SET falconry.scope = 'all'`);
    try {
      await expect(start()).rejects.toThrow(
        `a stored setting gives its connections falconry.scope=all (ALTER ROLE ${role} IN DATABASE ${database.name} RESET "falconry.scope")`,
      );
    } finally {
      await database.sql.unsafe(`ALTER ROLE ${role} IN DATABASE ${database.name} RESET ALL`);
    }
    expect(await start()).toBe(role);
  });
});

/** The iterations and salt of a SCRAM-SHA-256 verifier, to make another from the same. */
function saltOf(verifier: string): [Buffer, number] {
  const [, iterations, salt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(verifier) ?? [];
  if (!iterations || !salt) throw new Error(`not a SCRAM-SHA-256 verifier: ${verifier}`);
  return [Buffer.from(salt, "base64"), Number(iterations)];
}

describe("the app role's password", () => {
  it("is in no statement sent to PostgreSQL, whose log may keep them, first start or not: the role is given its SCRAM verifier", async () => {
    await database.sql`UPDATE app_role SET password = NULL`;
    for (let start = 1; start <= 2; start++) {
      const sent: string[] = [];
      const owner = postgres(database.url, { max: 1, onnotice: () => {}, debug: (_, query, parameters) => sent.push(query, ...parameters.map(String)) });
      try {
        await prepareAppRole(owner, database.url);
      } finally {
        await owner.end({ timeout: 5 });
      }
      const [{ password }] = await database.sql<[{ password: string }]>`SELECT password FROM app_role`;
      expect(sent.filter((text) => text.includes(password))).toEqual([]);
      const [{ verifier }] = await database.sql<[{ verifier: string }]>`SELECT rolpassword AS verifier FROM pg_authid WHERE rolname = ${role}`;
      expect(verifier).toBe(scramVerifier(password, ...saltOf(verifier)));
    }
  });

  it("is given the verifier PostgreSQL makes itself from the same salt", async () => {
    const scratch = `${database.name}_scram`;
    const password = "correct horse battery staple";
    try {
      await database.sql.begin(async (tx) => {
        await tx`SET LOCAL password_encryption = 'scram-sha-256'`;
        await tx.unsafe(`CREATE ROLE ${scratch} PASSWORD '${password}'`);
      });
      const [{ verifier }] = await database.sql<[{ verifier: string }]>`SELECT rolpassword AS verifier FROM pg_authid WHERE rolname = ${scratch}`;
      expect(verifier).toBe(scramVerifier(password, ...saltOf(verifier)));
    } finally {
      await database.sql.unsafe(`DROP ROLE IF EXISTS ${scratch}`);
    }
  });
});

describe("replicas starting together", () => {
  it("all start: they take turns changing the role, which PostgreSQL would refuse to two at once", async () => {
    const replicas = Array.from({ length: 4 }, () => createSql(database.url, { max: 1 }));
    try {
      for (let round = 0; round < 5; round++) {
        const started = await Promise.allSettled(replicas.map((sql) => prepareAppRole(sql, database.url)));
        expect(started.filter((result) => result.status === "rejected")).toEqual([]);
      }
    } finally {
      await Promise.all(replicas.map((sql) => sql.end({ timeout: 5 })));
    }
  });
});
