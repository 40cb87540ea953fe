import { parseArgs } from "node:util";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster, listClusters } from "@/lib/clusters/clusters";
import { createIngestToken, listIngestTokens, revokeIngestToken } from "@/lib/clusters/ingest-tokens";
import type { Db } from "@/lib/db/prisma";
import type { Sql } from "@/lib/db/sql";
import { formatNamespacePattern } from "@/lib/tenants/namespace-patterns";
import { createTenant, listTenants, updateTenantNamespaces } from "@/lib/tenants/tenants";
import { formatTable } from "@/lib/cli/format-table";
import { createApiToken, listAllApiTokens, revokeApiToken } from "@/lib/auth/api-tokens";
import type { UserRole } from "@/lib/generated/prisma/enums.ts";
import { createUser, deactivateUser, listUsers } from "@/lib/users/users";

export interface CliContext {
  db: Db;
  sql: Sql;
  /** Results, for scripts: only what the command was asked for. */
  out: (line: string) => void;
  /** Everything meant for the person at the terminal. */
  err: (line: string) => void;
}

export class UsageError extends Error {}

export const usage = `Usage: npm run falconry -- <command>

  clusters create NAME
  clusters list
  tokens create --cluster NAME [--label TEXT]   prints the new token, once
  tokens list
  tokens revoke ID
  tenants create --slug SLUG --name NAME --namespaces 'prod-*/payments,*/checkout'
  tenants set-namespaces --slug SLUG --namespaces PATTERNS
  tenants list
  users create --email EMAIL --role admin|analyst|viewer [--tenants SLUG,SLUG] [--name NAME]
                                                 prints a one-time password, once; without
                                                 --tenants the user sees every tenant
  users list
  users deactivate --email EMAIL
  api-tokens create --email EMAIL [--label TEXT]   prints the new token, once
  api-tokens list [--email EMAIL]
  api-tokens revoke ID

Uses DATABASE_URL, or the embedded PostgreSQL under FALCONRY_DATA_DIR (.data).`;

type Run = (ctx: CliContext) => Promise<void>;
/** Parses its arguments (throwing UsageError) before anything touches the database. */
type Command = (args: string[]) => Run;

const commands: Record<string, Command> = {
  "clusters create": (args) => {
    const [name] = positionals(args, ["NAME"]);
    return async (ctx) => {
      const cluster = await createCluster(ctx.db, operatorActor, { name });
      ctx.out(cluster.id);
      ctx.err(`Created cluster ${cluster.name}. Next: npm run falconry -- tokens create --cluster ${cluster.name}`);
    };
  },
  "clusters list": (args) => {
    positionals(args, []);
    return async (ctx) => {
      const clusters = await listClusters(ctx.db);
      ctx.out(formatTable(["ID", "NAME", "CREATED"], clusters.map((c) => [c.id, c.name, c.createdAt.toISOString()])));
    };
  },
  "tokens create": (args) => {
    const { cluster, label } = options(args, { cluster: true, label: false });
    return async (ctx) => {
      const { token, record } = await createIngestToken(ctx.db, operatorActor, { clusterName: cluster, label });
      ctx.out(token);
      ctx.err(`Created ingest token ${record.id} for cluster ${record.clusterName}. It is shown only now: store it in your sender's configuration.`);
    };
  },
  "tokens list": (args) => {
    positionals(args, []);
    return async (ctx) => {
      const tokens = await listIngestTokens(ctx.db);
      ctx.out(
        formatTable(
          ["ID", "CLUSTER", "LABEL", "ENDS WITH", "CREATED", "LAST USED", "STATUS"],
          tokens.map((t) => [
            t.id,
            t.clusterName,
            t.label ?? "",
            t.hint,
            t.createdAt.toISOString(),
            t.lastUsedAt?.toISOString() ?? "never",
            t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active",
          ]),
        ),
      );
    };
  },
  "tokens revoke": (args) => {
    const [id] = positionals(args, ["ID"]);
    return async (ctx) => {
      const token = await revokeIngestToken(ctx.db, operatorActor, { id });
      ctx.err(`Revoked ingest token ${token.id}: Falconry refuses it from now on.`);
    };
  },
  "tenants create": (args) => {
    const { slug, name, namespaces } = options(args, { slug: true, name: true, namespaces: true });
    return async (ctx) => {
      const { tenant, movedAlerts } = await createTenant(ctx.db, ctx.sql, operatorActor, { slug, name, namespaces });
      ctx.out(tenant.id);
      ctx.err(`Created tenant ${tenant.slug}; ${movedAlerts} stored alerts now belong to it.`);
    };
  },
  "tenants set-namespaces": (args) => {
    const { slug, namespaces } = options(args, { slug: true, namespaces: true });
    return async (ctx) => {
      const { tenant, movedAlerts } = await updateTenantNamespaces(ctx.db, ctx.sql, operatorActor, { slug, namespaces });
      ctx.err(`Tenant ${tenant.slug} now owns ${tenant.namespaces.map(formatNamespacePattern).join(", ")}; ${movedAlerts} stored alerts moved.`);
    };
  },
  "tenants list": (args) => {
    positionals(args, []);
    return async (ctx) => {
      const tenants = await listTenants(ctx.db);
      ctx.out(
        formatTable(
          ["SLUG", "NAME", "NAMESPACES"],
          tenants.map((t) => [t.slug, t.name, t.namespaces.map(formatNamespacePattern).join(",")]),
        ),
      );
    };
  },
  "users create": (args) => {
    const { email, role, tenants, name } = options(args, { email: true, role: true, tenants: false, name: false });
    if (tenants !== undefined && role === "admin") throw new UsageError("--tenants does not apply to --role admin, who sees every tenant.");
    const slugs = tenants === undefined ? undefined : tenantSlugsOf(tenants);
    return async (ctx) => {
      const { user, password } = await createUser(ctx.db, operatorActor, {
        email,
        name,
        role: role as UserRole,
        // Without --tenants, a central-team member: every tenant.
        allTenants: slugs === undefined,
        tenants: slugs,
      });
      ctx.out(password ?? "");
      ctx.err(`Created ${user.role} ${user.email} (${user.allTenants ? "all tenants" : slugs?.join(", ")}). Hand over the password above once; it is not shown again.`);
    };
  },
  "users list": (args) => {
    positionals(args, []);
    return async (ctx) => {
      const users = await listUsers(ctx.db);
      ctx.out(
        formatTable(
          ["EMAIL", "ROLE", "TENANTS", "STATUS"],
          users.map((u) => [u.email, u.role, u.allTenants ? "all" : u.tenants.join(","), u.deactivatedAt ? "deactivated" : "active"]),
        ),
      );
    };
  },
  "users deactivate": (args) => {
    const { email } = options(args, { email: true });
    return async (ctx) => {
      const user = await deactivateUser(ctx.db, operatorActor, { email });
      ctx.err(`Deactivated ${user.email}: their sessions ended and their API tokens stopped working.`);
    };
  },
  "api-tokens create": (args) => {
    const { email, label } = options(args, { email: true, label: false });
    return async (ctx) => {
      const { token, record } = await createApiToken(ctx.db, operatorActor, { email, label });
      ctx.out(token);
      ctx.err(`Created API token ${record.id} for ${email}, with exactly their rights. It is shown only now.`);
    };
  },
  "api-tokens list": (args) => {
    const { email } = options(args, { email: false });
    return async (ctx) => {
      const tokens = await listAllApiTokens(ctx.db, { email });
      ctx.out(
        formatTable(
          ["ID", "EMAIL", "LABEL", "ENDS WITH", "LAST USED", "STATUS"],
          tokens.map((t) => [t.id, t.email, t.label ?? "", t.hint, t.lastUsedAt?.toISOString() ?? "never", t.revokedAt ? "revoked" : "active"]),
        ),
      );
    };
  },
  "api-tokens revoke": (args) => {
    const [id] = positionals(args, ["ID"]);
    return async (ctx) => {
      const token = await revokeApiToken(ctx.db, operatorActor, { id });
      ctx.err(`Revoked API token ${token.id}: it stops working now.`);
    };
  },
};

/** Finds the command that `argv` names; throws UsageError when there is none. */
export function findCommand(argv: string[]): Run {
  const [noun, verb, ...rest] = argv;
  const command = commands[`${noun} ${verb}`];
  if (!command) {
    const known = noun && Object.keys(commands).some((name) => name.startsWith(`${noun} `));
    throw new UsageError(known ? `unknown command "${noun} ${verb ?? ""}".` : `unknown command "${argv.join(" ")}".`);
  }
  return command(rest);
}

/**
 * The slugs `--tenants` names. Every tenant is said by leaving it out, never by an empty list: a
 * script passing an empty variable must not hand out every tenant.
 */
function tenantSlugsOf(tenants: string): string[] {
  const slugs = tenants.split(",").map((slug) => slug.trim()).filter(Boolean);
  if (slugs.length === 0) throw new UsageError("--tenants names no tenant; leave it out for every tenant.");
  return slugs;
}

/** Exactly the positional arguments `names` lists. */
function positionals<const N extends readonly string[]>(args: string[], names: N): { [K in keyof N]: string } {
  const { positionals: values } = parse(args, {});
  if (values.length !== names.length) {
    throw new UsageError(names.length === 0 ? `unexpected argument "${values[0]}".` : `expected ${names.join(" ")}.`);
  }
  return values as { [K in keyof N]: string };
}

type Options<T extends Record<string, boolean>> = { [K in keyof T]: T[K] extends true ? string : string | undefined };

/** `--name value` options; `spec` says which are required. */
function options<const T extends Record<string, boolean>>(args: string[], spec: T): Options<T> {
  const parsed = parse(args, Object.fromEntries(Object.keys(spec).map((name) => [name, { type: "string" as const }])));
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}".`);
  for (const [name, isRequired] of Object.entries(spec)) {
    if (isRequired && !parsed.values[name]) throw new UsageError(`--${name} is required.`);
  }
  return parsed.values as Options<T>;
}

function parse(args: string[], spec: Record<string, { type: "string" }>) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: spec, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, "."));
  }
  // parseArgs keeps the last of a repeated option: `--cluster a --cluster b` would act on b alone.
  const names = parsed.tokens.flatMap((token) => (token.kind === "option" ? [token.name] : []));
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new UsageError(`--${repeated} is given more than once.`);
  return parsed;
}
