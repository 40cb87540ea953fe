import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { parseGroupId } from "@/lib/groups/group-filters";
import { readGroupHistory } from "@/lib/groups/group-history";
import { scopeCondition, showGroups, type GroupRow } from "@/lib/groups/group-query";
import { readGroupSpread } from "@/lib/groups/group-spread";

/**
 * A group the caller may see, with its notes, its history from the audit trail (group-history.ts),
 * and its spread over namespaces, hosts and pods (group-spread.ts).
 */
export async function getGroup(caller: Caller, idText: string) {
  const id = parseGroupId(idText);
  const found = id
    ? await scopedTransaction(getDb(), caller.scope, async (tx) => {
        const selected = Prisma.sql`SELECT g.* FROM alert_groups g WHERE g.id = ${id}::bigint AND ${scopeCondition(caller)}`;
        const [group] = await tx.$queryRaw<GroupRow[]>(showGroups(selected, Prisma.sql`g.id`));
        if (!group) return null;
        const notes = await tx.groupNote.findMany({ where: { groupId: BigInt(id) }, orderBy: { id: "asc" } });
        const history = await readGroupHistory(tx, caller, id);
        return { group, notes, history, spread: await readGroupSpread(tx, id) };
      })
    : null;
  if (!found) throw new AppError("not_found", `group: no group "${idText}"`);
  return {
    ...found.group,
    spread: found.spread,
    notes: found.notes.map((note) => ({ id: note.id.toString(), author: note.authorEmail, body: note.body, createdAt: note.createdAt.toISOString() })),
    history: found.history,
  };
}
