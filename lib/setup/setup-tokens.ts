import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import type { Actor } from "@/lib/audit/audit";
import { hashSecret } from "@/lib/crypto/prefixed-tokens";
import type { Db, Tx } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { emailSchema, insertUser, passwordSchema } from "@/lib/users/users";

const validForMs = 24 * 60 * 60 * 1000;

/**
 * Whether an active administrator exists, however they were made (setup link or command line).
 * While none does, `npm start` prints a setup link, so an operator can always get back in.
 */
export async function isSetupComplete(db: Db | Tx): Promise<boolean> {
  return (await db.user.count({ where: { role: "admin", deactivatedAt: null } })) > 0;
}

/**
 * Issues a fresh one-time setup token and voids earlier unused ones, so only the link printed last
 * works. Returns the token; only its hash is stored.
 */
export async function issueSetupToken(db: Db): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.$transaction([
    db.setupToken.deleteMany({ where: { usedAt: null } }),
    db.setupToken.create({ data: { tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + validForMs) } }),
  ]);
  return token;
}

export type SetupTokenState = "valid" | "invalid" | "complete";

export async function checkSetupToken(db: Db, token: string): Promise<SetupTokenState> {
  if (await isSetupComplete(db)) return "complete";
  const found = await db.setupToken.findFirst({
    where: { tokenHash: hashSecret(token), usedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  return found ? "valid" : "invalid";
}

export const firstAdminSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(200, "at most 200 characters").optional(),
  password: passwordSchema,
});

/**
 * Uses the setup token and creates the first administrator, in one transaction: two browsers
 * racing with the same link get one administrator between them.
 */
export async function completeSetup(db: Db, token: string, input: z.input<typeof firstAdminSchema>, from: Pick<Actor, "ip" | "userAgent">) {
  const data = firstAdminSchema.parse(input);
  // Anyone may call this, unthrottled and signed in as no one: the link is checked before the
  // password is hashed (scrypt, a tenth of a second of CPU or more), and again under the lock below.
  const state = await checkSetupToken(db, token);
  if (state !== "valid") throw setupRefusal(state);
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    // Two browsers with the link queue here, and the second finds the first's admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('falconry setup'))`;
    if (await isSetupComplete(tx)) throw setupRefusal("complete");
    const { count } = await tx.setupToken.updateMany({
      where: { tokenHash: hashSecret(token), usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (count !== 1) throw setupRefusal("invalid");
    const actor: Actor = { id: null, email: data.email, ...from };
    return insertUser(tx, actor, { ...data, role: "admin", allTenants: true, tenants: [] }, passwordHash, false);
  });
}

function setupRefusal(state: Exclude<SetupTokenState, "valid">): AppError {
  return state === "complete"
    ? new AppError("conflict", "setup: the first administrator already exists")
    : new AppError("unauthorized", "token: this setup link does not work; restart Falconry for a fresh one");
}
