import { z } from "zod";
import { changingConfig } from "@/lib/db/config-changes";
import { audit, type Actor } from "@/lib/audit/audit";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { findClusterByName } from "@/lib/clusters/clusters";
import { generateIngestToken, hashIngestToken } from "@/lib/clusters/ingest-token-secret";
import { tokenLabelSchema } from "@/lib/token-label";

export const createIngestTokenSchema = z.object({
  clusterName: z.string().min(1, "required"),
  label: tokenLabelSchema.optional(),
});

/** Creates a token for the cluster; the token itself is returned here once and never stored. */
export async function createIngestToken(db: Db, actor: Actor, input: z.input<typeof createIngestTokenSchema>) {
  const { clusterName, label } = createIngestTokenSchema.parse(input);
  const cluster = await findClusterByName(db, clusterName);
  const token = generateIngestToken();
  const record = await db.$transaction(async (tx) => {
    const created = await tx.ingestToken.create({
      data: { clusterId: cluster.id, label: label || null, tokenHash: hashIngestToken(token), hint: token.slice(-4) },
    });
    await audit(tx, actor, {
      action: "ingest-token.create",
      objectType: "ingest-token",
      objectId: created.id,
      after: { cluster: cluster.name, label: created.label, hint: created.hint },
    });
    return created;
  });
  return { token, record: { ...record, clusterName: cluster.name } };
}

export async function listIngestTokens(db: Db) {
  const tokens = await db.ingestToken.findMany({
    include: { cluster: { select: { name: true } } },
    orderBy: [{ cluster: { name: "asc" } }, { createdAt: "asc" }],
  });
  return tokens.map(({ tokenHash: _hash, cluster, ...token }) => ({ ...token, clusterName: cluster.name }));
}

export const revokeIngestTokenSchema = z.object({ id: z.uuid({ error: "not a token id" }) });

/**
 * Revokes a token; every replica refuses it once notified of the change (within milliseconds), this
 * one before answering.
 */
export async function revokeIngestToken(db: Db, actor: Actor, input: z.input<typeof revokeIngestTokenSchema>) {
  const { id } = revokeIngestTokenSchema.parse(input);
  return changingConfig("tokens", (notify) => db.$transaction(async (tx) => {
    const token = await tx.ingestToken.findUnique({ where: { id } });
    if (!token) throw new AppError("not_found", `id: no ingest token ${id}`);
    if (token.revokedAt) return token;
    const revoked = await tx.ingestToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await audit(tx, actor, { action: "ingest-token.revoke", objectType: "ingest-token", objectId: id, before: { revoked: false }, after: { revoked: true } });
    await notify(tx);
    return revoked;
  }));
}
