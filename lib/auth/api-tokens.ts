import { z } from "zod";
import { audit, type Actor } from "@/lib/audit/audit";
import { generateApiToken, hashApiToken } from "@/lib/auth/api-token-secret";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { tokenLabelSchema } from "@/lib/token-label";
import { emailSchema } from "@/lib/users/users";

export const createApiTokenSchema = z.object({
  email: emailSchema,
  label: tokenLabelSchema.optional(),
});

/**
 * A personal API token for a person's scripts: it carries exactly that person's rights, and stops
 * working when they are deactivated. Returned here once; only its hash is stored.
 */
export async function createApiToken(db: Db, actor: Actor, input: z.input<typeof createApiTokenSchema>) {
  const { email, label } = createApiTokenSchema.parse(input);
  const token = generateApiToken();
  const record = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, deactivatedAt: true } });
    if (!user) throw new AppError("not_found", `email: no user ${email}`);
    if (user.deactivatedAt) throw new AppError("conflict", `email: ${email} is deactivated`);
    const created = await tx.apiToken.create({
      data: { userId: user.id, label: label || null, tokenHash: hashApiToken(token), hint: token.slice(-4) },
    });
    await audit(tx, actor, { action: "api-token.create", objectType: "api-token", objectId: created.id, after: { email, label: created.label } });
    return created;
  });
  return { token, record };
}

const tokenColumns = { id: true, label: true, hint: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** One person's tokens, newest first; never their hashes. */
export async function listApiTokens(db: Db, userId: string) {
  return db.apiToken.findMany({ where: { userId }, select: tokenColumns, orderBy: { createdAt: "desc" } });
}

/** Everyone's tokens (or one person's, by email), for operators. */
export async function listAllApiTokens(db: Db, filter: { email?: string } = {}) {
  const email = filter.email === undefined ? undefined : emailSchema.parse(filter.email);
  const tokens = await db.apiToken.findMany({
    where: email ? { user: { email } } : {},
    select: { ...tokenColumns, user: { select: { email: true } } },
    orderBy: [{ user: { email: "asc" } }, { createdAt: "desc" }],
  });
  return tokens.map(({ user, ...token }) => ({ ...token, email: user.email }));
}

export const revokeApiTokenSchema = z.object({ id: z.uuid({ error: "not a token id" }) });

/** Revokes one of the person's own tokens; another person's token id is answered as unknown. */
export async function revokeOwnApiToken(db: Db, actor: Actor, input: { id: string; ownerId: string }) {
  return revokeApiTokenWhere(db, actor, revokeApiTokenSchema.parse(input).id, { userId: input.ownerId });
}

/** Revokes anyone's token: for operators. */
export async function revokeApiToken(db: Db, actor: Actor, input: { id: string }) {
  return revokeApiTokenWhere(db, actor, revokeApiTokenSchema.parse(input).id, {});
}

async function revokeApiTokenWhere(db: Db, actor: Actor, id: string, owner: { userId?: string }) {
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id, ...owner } });
    if (!token) throw new AppError("not_found", `id: no API token ${id}`);
    if (token.revokedAt) return token;
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await audit(tx, actor, { action: "api-token.revoke", objectType: "api-token", objectId: id, before: { revoked: false }, after: { revoked: true } });
    return revoked;
  });
}
