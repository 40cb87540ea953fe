import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { actorOf, type Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { AppError } from "@/lib/errors";
import { parseGroupId } from "@/lib/groups/group-filters";

export const groupNoteSchema = z.strictObject({
  body: z
    .string({ error: "required: the note's text" })
    .trim()
    .min(1, "must not be empty")
    .max(10_000, "at most 10000 characters"),
});

/** Adds a plain-text note to a group the caller may see (triage), with its audit row. */
export async function addGroupNote(caller: Caller | null, idText: string, input: unknown) {
  const reader = requirePermission(caller, "read");
  const { body } = groupNoteSchema.parse(input);
  const id = parseGroupId(idText);
  const missing = new AppError("not_found", `group: no group "${idText}"`);
  if (!id) throw missing;
  return scopedTransaction(getDb(), reader.scope, async (tx) => {
    const group = await tx.alertGroup.findFirst({
      where: { id: BigInt(id), ...(reader.scope === "all" ? {} : { tenantId: { in: [...reader.scope] } }) },
      select: { id: true },
    });
    if (!group) throw missing;
    const author = requirePermission(caller, "triage");
    const note = await tx.groupNote.create({ data: { groupId: group.id, authorId: author.userId, authorEmail: author.email, body } });
    await audit(tx, actorOf(author), { action: "group.note", objectType: "group", objectId: id, after: { note: note.id.toString() } });
    return { id: note.id.toString(), author: note.authorEmail, body: note.body, createdAt: note.createdAt.toISOString() };
  });
}
