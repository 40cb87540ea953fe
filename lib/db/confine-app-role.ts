import type { Sql } from "@/lib/db/sql";

/*
 * Row-level security holds only while the app role can neither step round it nor change the rules.
 * The "people" migration creates the role with no powers, but reuses a role of that name if one
 * exists, and anyone with enough rights may change it later; so every start takes away what it
 * must not have and refuses to go on when that is not possible.
 */

/** Role attributes that get round row-level security, or that create roles and databases. */
const forbiddenAttributes = [
  { column: "rolsuper", name: "SUPERUSER", removal: "NOSUPERUSER" },
  { column: "rolbypassrls", name: "BYPASSRLS", removal: "NOBYPASSRLS" },
  { column: "rolcreaterole", name: "CREATEROLE", removal: "NOCREATEROLE" },
  { column: "rolcreatedb", name: "CREATEDB", removal: "NOCREATEDB" },
  // a replication connection streams every row, whatever the policies
  { column: "rolreplication", name: "REPLICATION", removal: "NOREPLICATION" },
] as const;

type Attributes = Record<(typeof forbiddenAttributes)[number]["column"], boolean>;

/** Predefined roles that read or write every table, or the server's files, whatever the grants. */
const forbiddenPredefinedRoles = [
  "pg_read_all_data",
  "pg_write_all_data",
  "pg_read_server_files",
  "pg_write_server_files",
  "pg_execute_server_program",
];

/**
 * Takes from the app role the powers it must not have and checks what cannot be taken here. Throws
 * an Error saying what is wrong and how to fix it.
 */
export async function confineAppRole(owner: Sql, role: string): Promise<void> {
  await removeForbiddenAttributes(owner, role);
  await revokeCreateOnPublicSchema(owner, role);
  const problems = [
    ...(await findCreatableSchemas(owner, role)),
    ...(await findOwnedRelations(owner, role)),
    ...(await findPowerfulMemberships(owner, role)),
    ...(await findStoredScopes(owner, role)),
  ];
  if (problems.length > 0) {
    throw new Error(
      `Falconry's database role "${role}" could get round row-level security, so Falconry will not start: ${problems.join("; ")}.`,
    );
  }
}

/*
 * Only what is set is altered: before PostgreSQL 16 even "NOSUPERUSER" needs a superuser to say
 * it, and the owner of a managed database often is none.
 */
async function removeForbiddenAttributes(owner: Sql, role: string): Promise<void> {
  const [attributes] = await owner<Attributes[]>`
    SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication FROM pg_roles WHERE rolname = ${role}`;
  if (!attributes) {
    throw new Error(
      `Falconry's database role "${role}" does not exist (a dump restored onto another server, which does not carry roles?): create it with CREATE ROLE "${role}" LOGIN, then restore the dump again so that its grants apply`,
    );
  }
  const present = forbiddenAttributes.filter((a) => attributes[a.column]);
  if (present.length === 0) return;
  const statement = await formatSql(owner, `ALTER ROLE %I ${present.map((a) => a.removal).join(" ")}`, role);
  try {
    await owner.unsafe(statement);
  } catch (error) {
    throw new Error(
      `Falconry's database role "${role}" has ${present.map((a) => a.name).join(", ")}, which Falconry cannot take away ` +
        `(${(error as Error).message}): run "${statement}" as a superuser.`,
      { cause: error },
    );
  }
}

/** PostgreSQL 14 and older grant CREATE on the public schema to everyone. */
async function revokeCreateOnPublicSchema(owner: Sql, role: string): Promise<void> {
  const [row] = await owner<{ canCreate: boolean }[]>`SELECT has_schema_privilege(${role}, 'public', 'CREATE') AS "canCreate"`;
  if (!row?.canCreate) return;
  // Without the right to, PostgreSQL only warns; findCreatableSchemas then reports it.
  await owner.unsafe(await formatSql(owner, "REVOKE CREATE ON SCHEMA public FROM PUBLIC, %I", role));
}

async function findCreatableSchemas(owner: Sql, role: string): Promise<string[]> {
  const rows = await owner<{ statement: string }[]>`
    SELECT format('it may create objects in schema %I (REVOKE CREATE ON SCHEMA %I FROM PUBLIC, %I)', nspname, nspname, ${role}::text) AS statement
    FROM pg_namespace
    WHERE nspname !~ '^pg_(toast_)?temp_' AND has_schema_privilege(${role}, oid, 'CREATE')
    UNION ALL
    SELECT format('it may create schemas (REVOKE CREATE ON DATABASE %I FROM PUBLIC, %I)', current_database(), ${role}::text)
    WHERE has_database_privilege(${role}, current_database(), 'CREATE')`;
  return rows.map((r) => r.statement);
}

/** The owner of a table is exempt from its policies unless they are forced, and may drop them. */
async function findOwnedRelations(owner: Sql, role: string): Promise<string[]> {
  const rows = await owner<{ statement: string }[]>`
    SELECT format('it owns %s %s (ALTER TABLE %s OWNER TO %I)',
      CASE WHEN c.relkind IN ('r', 'p') THEN 'table' ELSE 'relation' END, c.oid::regclass, c.oid::regclass, current_user) AS statement
    FROM pg_class c
    WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = ${role}) AND c.relpersistence <> 't'
    ORDER BY 1`;
  return rows.map((r) => r.statement);
}

/**
 * A member of a role may act as it (SET ROLE), so the app role must belong to no role that owns
 * this database's tables, schemas or the database itself, nor to one with powers it must not have.
 */
async function findPowerfulMemberships(owner: Sql, role: string): Promise<string[]> {
  const rows = await owner<{ statement: string }[]>`
    WITH app AS (SELECT oid FROM pg_roles WHERE rolname = ${role}),
    owners AS (
      SELECT c.relowner AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      UNION SELECT nspowner FROM pg_namespace
      WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp_|toast_temp_)'
      UNION SELECT datdba FROM pg_database WHERE datname = current_database()
    )
    SELECT format('it is a member of %I, which %s (REVOKE %I FROM %I)', r.rolname,
      CASE
        WHEN r.rolsuper THEN 'is a superuser'
        WHEN r.rolbypassrls THEN 'bypasses row-level security'
        WHEN r.oid IN (SELECT oid FROM owners) THEN 'owns tables, schemas or the database'
        WHEN r.rolreplication THEN 'may replicate'
        WHEN r.rolcreaterole THEN 'may create roles'
        ELSE 'reads or writes what no grant allows'
      END, r.rolname, ${role}::text) AS statement
    FROM pg_roles r, app
    WHERE r.oid <> app.oid AND pg_has_role(app.oid, r.oid, 'MEMBER')
      AND (r.rolsuper OR r.rolbypassrls OR r.rolreplication OR r.rolcreaterole
        OR r.oid IN (SELECT oid FROM owners) OR r.rolname = ANY(${forbiddenPredefinedRoles}))
    ORDER BY r.rolname`;
  return rows.map((r) => r.statement);
}

/**
 * A stored default for falconry.scope (ALTER ROLE ... SET, which a role may do to itself) would give
 * every connection that sets no scope a tenant's rows, or all of them.
 */
async function findStoredScopes(owner: Sql, role: string): Promise<string[]> {
  const rows = await owner<{ statement: string }[]>`
    SELECT format('a stored setting gives its connections %s (%s)', setting,
      CASE
        WHEN s.setrole = 0 AND s.setdatabase = 0 THEN format('ALTER ROLE ALL RESET %I', split_part(setting, '=', 1))
        WHEN s.setrole = 0 THEN format('ALTER DATABASE %I RESET %I', current_database(), split_part(setting, '=', 1))
        WHEN s.setdatabase = 0 THEN format('ALTER ROLE %I RESET %I', ${role}::text, split_part(setting, '=', 1))
        ELSE format('ALTER ROLE %I IN DATABASE %I RESET %I', ${role}::text, current_database(), split_part(setting, '=', 1))
      END) AS statement
    FROM pg_db_role_setting s, unnest(s.setconfig) AS setting
    WHERE s.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = ${role}))
      AND s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
      AND setting ILIKE 'falconry.%'
    ORDER BY 1`;
  return rows.map((r) => r.statement);
}

/** PostgreSQL's own quoting of identifiers, for statements that cannot take parameters. */
async function formatSql(owner: Sql, template: string, role: string): Promise<string> {
  const [row] = await owner<{ sql: string }[]>`SELECT format(${template}, ${role}::text) AS sql`;
  return row!.sql;
}
