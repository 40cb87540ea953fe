import { z } from "zod";
import { audit, type Actor } from "@/lib/audit/audit";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db/prisma-errors";

// No `/` or `*`: tenant patterns are CLUSTER/NAMESPACE globs.
export const createClusterSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, "1-100 letters, digits, dots, dashes or underscores"),
});

export async function createCluster(db: Db, actor: Actor, input: z.input<typeof createClusterSchema>) {
  const { name } = createClusterSchema.parse(input);
  try {
    return await db.$transaction(async (tx) => {
      const cluster = await tx.cluster.create({ data: { name } });
      await audit(tx, actor, { action: "cluster.create", objectType: "cluster", objectId: cluster.id, after: { name } });
      return cluster;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `name: a cluster named "${name}" already exists`);
    throw error;
  }
}

export async function listClusters(db: Db) {
  return db.cluster.findMany({ orderBy: { name: "asc" } });
}

/** Every cluster with its ingest tokens, never their hashes: what the admin page lists. */
export async function listClustersWithTokens(db: Db) {
  return db.cluster.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      createdAt: true,
      tokens: {
        select: { id: true, label: true, hint: true, createdAt: true, lastUsedAt: true, revokedAt: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
}

export type ClusterWithTokens = Awaited<ReturnType<typeof listClustersWithTokens>>[number];

export async function findClusterByName(db: Db, name: string) {
  const cluster = await db.cluster.findUnique({ where: { name } });
  if (!cluster) {
    throw new AppError("not_found", `cluster: no cluster named "${name}"; create it first with \`clusters create ${name}\``);
  }
  return cluster;
}
