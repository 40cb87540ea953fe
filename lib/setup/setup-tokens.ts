import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/prisma";

const validForMs = 24 * 60 * 60 * 1000;

function hashSetupToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether the first administrator has been created (a setup link was used). */
export async function isSetupComplete(db: Db): Promise<boolean> {
  return (await db.setupToken.count({ where: { usedAt: { not: null } } })) > 0;
}

/**
 * Issues a fresh one-time setup token and voids earlier unused ones, so only the link printed last
 * works. Returns the token; only its hash is stored.
 */
export async function issueSetupToken(db: Db): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.$transaction([
    db.setupToken.deleteMany({ where: { usedAt: null } }),
    db.setupToken.create({ data: { tokenHash: hashSetupToken(token), expiresAt: new Date(Date.now() + validForMs) } }),
  ]);
  return token;
}

export type SetupTokenState = "valid" | "invalid" | "complete";

export async function checkSetupToken(db: Db, token: string): Promise<SetupTokenState> {
  if (await isSetupComplete(db)) return "complete";
  const found = await db.setupToken.findFirst({
    where: { tokenHash: hashSetupToken(token), usedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  return found ? "valid" : "invalid";
}
