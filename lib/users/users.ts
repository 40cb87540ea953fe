import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import { audit, auditMany, type Actor } from "@/lib/audit/audit";
import type { Db, Tx } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { UserRole } from "@/lib/generated/prisma/enums.ts";

export const emailSchema = z
  .string({ error: "required" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "not an email address" }).max(254, "longer than 254 characters"));

export const passwordSchema = z
  .string({ error: "required" })
  .min(12, "at least 12 characters")
  .max(256, "at most 256 characters");

const tenantSlugsSchema = z.array(z.string().trim().min(1)).default([]);

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(200, "at most 200 characters").optional(),
  role: z.enum(UserRole, { error: `must be one of ${Object.values(UserRole).join(", ")}` }),
  allTenants: z.boolean().default(false),
  tenants: tenantSlugsSchema,
  /** Omitted: a one-time password is generated and returned. */
  password: passwordSchema.optional(),
});

export type CreateUserInput = z.input<typeof createUserSchema>;

/** A password to hand over once; 24 random characters, to be changed at first sign-in. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Creates a person who signs in with email and password. Admins see every tenant; others see all
 * tenants only when `allTenants`, else the tenants named.
 */
export async function createUser(db: Db, actor: Actor, input: CreateUserInput) {
  const data = createUserSchema.parse(input);
  const password = data.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction((tx) => insertUser(tx, actor, data, passwordHash, !data.password));
  return { user, password: data.password ? null : password };
}

/** The inside of `createUser`, for callers that create a person within a transaction of theirs. */
export async function insertUser(
  tx: Tx,
  actor: Actor,
  data: z.output<typeof createUserSchema>,
  passwordHash: string,
  isOneTimePassword: boolean,
) {
  if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
    throw new AppError("conflict", `email: ${data.email} already has an account`);
  }
  const tenantIds = await tenantIdsOf(tx, data.tenants);
  const created = await tx.user.create({
    data: {
      email: data.email,
      name: data.name || data.email,
      // Whoever creates a person vouches for their email; OpenID Connect signs an existing person
      // in by email only when it counts as verified (better-auth's implicit account linking).
      emailVerified: true,
      role: data.role,
      allTenants: data.role === "admin" || data.allTenants,
      mustChangePassword: isOneTimePassword,
      tenants: { create: tenantIds.map((tenantId) => ({ tenantId })) },
    },
  });
  // better-auth finds a password under the "credential" account whose account id is the user's.
  await tx.account.create({ data: { userId: created.id, providerId: "credential", accountId: created.id, password: passwordHash } });
  await audit(tx, actor, {
    action: "user.create",
    objectType: "user",
    objectId: created.id,
    after: { email: created.email, role: created.role, allTenants: created.allTenants, tenants: data.tenants },
  });
  return created;
}

/** A person with their tenants' slugs, as the pages and the command line show them. */
const withTenantSlugs = { tenants: { include: { tenant: { select: { slug: true } } } } } as const;

function showUser<T extends { tenants: Array<{ tenant: { slug: string } }> }>({ tenants, ...user }: T) {
  return { ...user, tenants: tenants.map((t) => t.tenant.slug).sort() };
}

export async function listUsers(db: Db) {
  const users = await db.user.findMany({ orderBy: { email: "asc" }, include: withTenantSlugs });
  return users.map(showUser);
}

/** One person, as `listUsers` lists them. */
export async function findUser(db: Db, id: string) {
  const user = z.uuid().safeParse(id).success
    ? await db.user.findUnique({ where: { id }, include: withTenantSlugs })
    : null;
  if (!user) throw new AppError("not_found", `user: no user ${id}`);
  return showUser(user);
}

export const updateUserSchema = z.object({
  email: emailSchema,
  role: z.enum(UserRole, { error: `must be one of ${Object.values(UserRole).join(", ")}` }).optional(),
  allTenants: z.boolean().optional(),
  tenants: z.array(z.string().trim().min(1)).optional(),
});

/**
 * How long a change to a person may take: it waits for the groups it unassigns them from, which
 * triage may hold for up to its 15 s (lib/groups/update-groups.ts), and, when it changes an
 * administrator, for any assignment of an administrator under way. Past Prisma's default of 5 s, a
 * change that waited failed with a 500 and changed nothing.
 */
const personChangeTransactionMs = 60_000;

/**
 * Changes a person's role or scope; their open sessions see the change at their next request.
 * Nobody changes their own role, so the last administrator cannot demote everyone.
 */
export async function updateUser(db: Db, actor: Actor, input: z.input<typeof updateUserSchema>) {
  const data = updateUserSchema.parse(input);
  return db.$transaction(async (tx) => {
    const before = await lockUserWithTenants(tx, data.email);
    const role = data.role ?? before.role;
    if (before.id === actor.id && role !== before.role) throw new AppError("forbidden", "role: you cannot change your own role; ask another administrator");
    if (before.role === "admin" && role !== "admin") {
      await assertAnotherAdministratorRemains(tx, before.id);
      // An administrator sees every tenant by role: a former one's scope must be said, not inherited.
      if (data.allTenants === undefined && data.tenants === undefined) {
        throw new AppError("invalid_input", "tenants: say which tenants a former administrator keeps (or all)");
      }
    }
    const tenantIds = data.tenants ? await tenantIdsOf(tx, data.tenants) : null;
    const after = await tx.user.update({
      where: { id: before.id },
      data: {
        role,
        allTenants: role === "admin" || (data.allTenants ?? (before.role === "admin" ? false : before.allTenants)),
        ...(tenantIds ? { tenants: { deleteMany: {}, create: tenantIds.map((tenantId) => ({ tenantId })) } } : {}),
      },
    });
    await audit(tx, actor, {
      action: "user.update",
      objectType: "user",
      objectId: before.id,
      before: { role: before.role, allTenants: before.allTenants, tenants: before.tenants.map((t) => t.tenant.slug) },
      after: { role: after.role, allTenants: after.allTenants, tenants: data.tenants ?? before.tenants.map((t) => t.tenant.slug) },
    });
    await unassignUnseenGroups(tx, actor, after);
    return after;
  }, { timeout: personChangeTransactionMs });
}

/**
 * Ends a person's access: their sessions end now and their API tokens stop working. Nobody may
 * end their own, so the last administrator cannot lock everyone out.
 */
export async function deactivateUser(db: Db, actor: Actor, input: { email: string }) {
  const email = emailSchema.parse(input.email);
  return db.$transaction(async (tx) => {
    const user = await lockUserWithTenants(tx, email);
    if (user.id === actor.id) throw new AppError("forbidden", "email: you cannot deactivate yourself; ask another administrator");
    if (user.deactivatedAt) return user;
    if (user.role === "admin") await assertAnotherAdministratorRemains(tx, user.id);
    const deactivated = await tx.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.apiToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    await audit(tx, actor, { action: "user.deactivate", objectType: "user", objectId: user.id, before: { active: true }, after: { active: false } });
    await unassignUnseenGroups(tx, actor, user);
    return deactivated;
  }, { timeout: personChangeTransactionMs });
}

/**
 * Unassigns the groups that `user`, as the transaction has just left them, could not be assigned:
 * triage assigns a group only to an active person who sees its tenant (of any role), so all their
 * groups once deactivated, and those of tenants they no longer see (unassigned and host-level
 * groups: all-tenant people only). The groups are locked in key order, as ingest and triage lock
 * them; each unassignment is one `group.update` audit row, of the assignee alone (its status and
 * reason are not touched).
 */
async function unassignUnseenGroups(tx: Tx, actor: Actor, user: { id: string; email: string }): Promise<void> {
  const unassigned = await tx.$queryRaw<{ id: string }[]>`
    UPDATE alert_groups g SET assignee_id = NULL
    FROM (
      SELECT o.id FROM alert_groups o
      WHERE o.assignee_id = ${user.id}::uuid AND NOT EXISTS (
        SELECT FROM users u
        WHERE u.id = o.assignee_id AND u.deactivated_at IS NULL AND (u.role = 'admin' OR u.all_tenants
          OR EXISTS (SELECT FROM user_tenants ut WHERE ut.user_id = u.id AND ut.tenant_id = o.tenant_id)))
      ORDER BY o.key FOR UPDATE
    ) old
    WHERE g.id = old.id
    RETURNING g.id::text AS id`;
  await auditMany(
    tx,
    actor,
    unassigned.map((g) => ({ action: "group.update", objectType: "group", objectId: g.id, before: { assignee: user.email }, after: { assignee: null } })),
  );
}

/**
 * Refuses a change that would leave no active administrator. The active administrators are locked
 * first, so two administrators demoting each other at once cannot both succeed (FOR NO KEY UPDATE:
 * see lockUserWithTenants).
 */
async function assertAnotherAdministratorRemains(tx: Tx, leaving: string): Promise<void> {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM users WHERE role = 'admin' AND deactivated_at IS NULL ORDER BY id FOR NO KEY UPDATE`;
  if (!admins.some((admin) => admin.id !== leaving)) {
    throw new AppError("conflict", "role: Falconry needs at least one active administrator; make another one first");
  }
}

/**
 * The person, read once their row is locked: of two administrators changing them at once, the
 * second reads what the first committed, rather than overwriting it (and auditing a stale
 * "before"). When the person is an administrator, every active administrator's row is locked with
 * theirs, in one statement in id order as assertAnotherAdministratorRemains locks them, so changes
 * to two administrators never wait on each other in a cycle; anyone else's change locks their row
 * alone, and waits for no assignment of an administrator (which holds that administrator's row). FOR NO KEY UPDATE, as an update of these columns takes, leaves others free
 * to refer to these rows: with FOR UPDATE, triage holding a group and assigning it to one of these
 * people waited for this lock (its foreign key's check takes a key share), while this transaction
 * waited for that group in unassignUnseenGroups: a deadlock.
 */
async function lockUserWithTenants(tx: Tx, email: string) {
  await tx.$executeRaw`
    SELECT id FROM users
    WHERE email = ${email}
      OR (role = 'admin' AND deactivated_at IS NULL AND EXISTS (SELECT FROM users p WHERE p.email = ${email} AND p.role = 'admin'))
    ORDER BY id FOR NO KEY UPDATE`;
  const user = await tx.user.findUnique({ where: { email }, include: withTenantSlugs });
  if (!user) throw new AppError("not_found", `email: no user ${email}`);
  return user;
}

async function tenantIdsOf(tx: Tx, slugs: string[]): Promise<string[]> {
  if (slugs.length === 0) return [];
  const tenants = await tx.tenant.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  const missing = slugs.filter((slug) => !tenants.some((t) => t.slug === slug));
  if (missing.length > 0) throw new AppError("invalid_input", `tenants: no tenant ${missing.join(", ")}`);
  return tenants.map((t) => t.id);
}
