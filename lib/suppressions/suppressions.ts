import { audit, auditMany } from "@/lib/audit/audit";
import { actorOf, type Caller } from "@/lib/auth/caller";
import { can, requirePermission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { changingConfig } from "@/lib/db/config-changes";
import type { Tx } from "@/lib/db/prisma";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { AppError } from "@/lib/errors";
import { Prisma, type SuppressionRule } from "@/lib/generated/prisma/client.ts";
import { isSameMatchers, matchersSchema, type Matcher } from "@/lib/suppressions/matcher";
import { matchedGroupIds, previewIn, previewTransactionMs, type Preview } from "@/lib/suppressions/preview-suppression";
import { resolveSuppressionScope, type SuppressionScope } from "@/lib/suppressions/suppression-scope";
import { createSuppressionSchema, listSuppressionsQuerySchema, ruleIdPattern, updateSuppressionSchema } from "@/lib/suppressions/suppression-schemas";

/** The reason a group closed by a rule's `applyToExisting` carries; expiring the rule may reopen it. */
export function suppressedReason(ruleId: string): string {
  return `suppressed by rule #${ruleId}`;
}

export interface SuppressionView {
  id: string;
  version: number;
  matchers: Matcher[];
  /** "all", or the slugs of the tenants the caller can see among the rule's. */
  tenants: "all" | string[];
  comment: string;
  mode: "enforce" | "shadow";
  startsAt: string | null;
  endsAt: string | null;
  isActive: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  hitCount: string;
  lastMatchedAt: string | null;
}

/** The rules the caller can see, newest first, a page at a time (listSuppressionsQuerySchema). */
export async function listSuppressions(caller: Caller | null, query: unknown = {}): Promise<{ items: SuppressionView[]; nextCursor: string | null }> {
  const reader = requirePermission(caller, "read");
  const { cursor, limit } = listSuppressionsQuerySchema.parse(query);
  return scopedTransaction(getDb(), reader.scope, async (tx) => {
    const rules = await tx.suppressionRule.findMany({
      where: cursor === undefined ? {} : { id: { lt: BigInt(cursor) } },
      orderBy: { id: "desc" },
      take: limit + 1,
    });
    const page = rules.slice(0, limit);
    const slugs = await slugsOf(tx, page);
    return { items: page.map((rule) => viewOf(rule, slugs)), nextCursor: rules.length > limit ? page.at(-1)!.id.toString() : null };
  });
}

export async function getSuppression(caller: Caller | null, idText: string) {
  const reader = requirePermission(caller, "read");
  return scopedTransaction(getDb(), reader.scope, async (tx) => {
    const rule = await findRule(tx, idText);
    // A version, or a change, that applied only to tenants the reader does not see is not theirs to
    // read, though the rule now covers one of theirs: its matchers and comment were another tenant's.
    const isVisible = (applied: { allTenants: boolean; tenantIds: string[] }) =>
      reader.scope === "all" || applied.allTenants || applied.tenantIds.some((id) => reader.scope.includes(id));
    const versions = (await tx.suppressionRuleVersion.findMany({ where: { ruleId: rule.id }, orderBy: { version: "desc" } })).filter((v) =>
      isVisible({ allTenants: v.allTenants, tenantIds: v.tenantIds ?? [] }),
    );
    const history = (
      await tx.auditEvent.findMany({
        where: { objectType: "suppression", objectId: rule.id.toString() },
        orderBy: { at: "desc" },
        take: 200,
        select: { at: true, actorEmail: true, action: true, after: true },
      })
    ).filter((h) => isVisible({ allTenants: allTenantsIn(h.after), tenantIds: tenantIdsIn(h.after) }));
    const slugs = await slugsOf(tx, [rule, ...versions, ...history.map((h) => ({ tenantIds: tenantIdsIn(h.after) }))]);
    return {
      ...viewOf(rule, slugs),
      versions: versions.map((v) => ({
        version: v.version,
        matchers: v.matchers as unknown as Matcher[],
        tenants: v.allTenants ? ("all" as const) : (v.tenantIds ?? []).flatMap((id) => slugs.get(id) ?? []),
        comment: v.comment,
        mode: v.mode,
        startsAt: v.startsAt?.toISOString() ?? null,
        endsAt: v.endsAt?.toISOString() ?? null,
        author: v.authorEmail,
        createdAt: v.createdAt.toISOString(),
      })),
      history: history.map((h) => ({ at: h.at.toISOString(), actor: h.actorEmail, action: h.action, after: withVisibleTenants(h.after, slugs) })),
    };
  });
}

/**
 * Why saving a rule needs `confirm`, from its preview: it matches no alert of the window, or every
 * one. Said of a count that completed only: a preview that ran out of time knows neither.
 */
export function confirmationNeeded(preview: Pick<Preview, "since" | "total" | "alerts" | "complete">): string | null {
  if (!preview.complete) return null;
  if (preview.alerts === 0) return `confirm: this rule matches no alert since ${preview.since}; send "confirm": true to save it anyway`;
  if (preview.alerts === preview.total) {
    return `confirm: this rule matches every alert of its tenants since ${preview.since}; send "confirm": true to save it anyway`;
  }
  return null;
}

/**
 * Creates a rule (version 1) after trying it on the preview window: a rule that matches every alert
 * there, or none, needs `confirm`. With `applyToExisting`, the open and acknowledged groups it
 * matches there are resolved, saying by which rule. Every replica applies it before its next alert.
 */
export async function createSuppression(caller: Caller | null, body: unknown): Promise<SuppressionView & { resolvedGroups: number }> {
  const author = requirePermission(caller, "triage");
  const input = createSuppressionSchema.parse(body);
  const { startsAt, endsAt } = checkTimes(author, input.startsAt ?? null, input.endsAt);
  return changingConfig("suppressions", (notify) =>
    scopedTransaction(getDb(), author.scope, async (tx) => {
      const scope = await resolveSuppressionScope(tx, author, input.tenants);
      if (!input.confirm) {
        const unconfirmed = confirmationNeeded(await previewIn(tx, scope, input.matchers, { since: input.since, complete: true }));
        if (unconfirmed) throw new AppError("conflict", unconfirmed);
      }
      const rule = await tx.suppressionRule.create({
        data: {
          matchers: input.matchers,
          allTenants: scope.tenantIds === null,
          tenantIds: scope.tenantIds ?? [],
          comment: input.comment,
          mode: input.mode,
          startsAt,
          endsAt,
          createdById: author.userId,
          createdByEmail: author.email,
        },
      });
      await recordVersion(tx, rule, author);
      await audit(tx, actorOf(author), { action: "suppression.create", objectType: "suppression", objectId: rule.id.toString(), after: ruleAuditOf(rule) });
      const resolvedGroups = input.applyToExisting ? await resolveMatchedGroups(tx, author, rule.id.toString(), scope, input.matchers, input.since) : 0;
      await notify(tx);
      return { ...viewOf(rule, await slugsOf(tx, [rule])), resolvedGroups };
    }, { timeoutMs: previewTransactionMs })
  );
}

/**
 * Expire (optionally reopening the groups it resolved), re-activate, or edit as a new version; an
 * edit that changes nothing makes none and answers `unchanged`.
 */
export async function updateSuppression(
  caller: Caller | null,
  idText: string,
  body: unknown,
): Promise<SuppressionView & { reopenedGroups: number; unchanged: boolean }> {
  const author = requirePermission(caller, "triage");
  const input = updateSuppressionSchema.parse(body);
  return changingConfig("suppressions", (notify) =>
    scopedTransaction(getDb(), author.scope, async (tx) => {
      // Locked: two edits at once would both number their version after the one they read.
      const rule = await findRule(tx, idText, { lock: true });
      if (rule.allTenants && !can(author, "admin")) throw new AppError("forbidden", "tenants: only administrators may change a rule for all tenants");
      if (!rule.allTenants && author.scope !== "all" && !(rule.tenantIds ?? []).every((id) => author.scope.includes(id))) {
        throw new AppError("forbidden", "tenants: this rule also applies to tenants you do not see");
      }
      let reopenedGroups = 0;
      let data: Parameters<Tx["suppressionRule"]["update"]>[0]["data"];
      if (input.action === "expire") {
        data = { endsAt: new Date() };
        if (input.reopen) reopenedGroups = await reopenResolvedGroups(tx, author, rule.id.toString());
      } else if (input.action === "reactivate") {
        data = { endsAt: checkTimes(author, rule.startsAt?.toISOString() ?? null, input.endsAt).endsAt };
      } else {
        const scope: SuppressionScope | undefined = input.tenants && (await resolveSuppressionScope(tx, author, input.tenants));
        // Judged by value: a form sending back the matchers, tenants or mode the rule has changes nothing it hides.
        const changesWhatItHides =
          (input.matchers !== undefined && !isSameMatchers(input.matchers, matchersSchema.parse(rule.matchers))) ||
          (scope !== undefined && !isSameScope(scope, rule)) ||
          (input.mode !== undefined && input.mode !== rule.mode) ||
          (input.startsAt !== undefined && (input.startsAt === null ? null : Date.parse(input.startsAt)) !== (rule.startsAt?.getTime() ?? null));
        // Kept, a forever rule's end would let an analyst make it hide something else forever.
        if (rule.endsAt === null && input.endsAt === undefined && changesWhatItHides && !can(author, "admin")) {
          throw new AppError("forbidden", "endsAt: only administrators may suppress forever; give this rule an end time to change what it hides");
        }
        const times = checkTimes(
          author,
          input.startsAt === undefined ? (rule.startsAt?.toISOString() ?? null) : input.startsAt,
          input.endsAt === undefined ? (rule.endsAt?.toISOString() ?? null) : input.endsAt,
          { isEndKept: input.endsAt === undefined },
        );
        // An edit that changes nothing (a retry of one already saved, say) makes no version of its own.
        const isUnchanged =
          !changesWhatItHides &&
          (input.comment === undefined || input.comment === rule.comment) &&
          times.endsAt?.getTime() === rule.endsAt?.getTime();
        if (isUnchanged) return { ...viewOf(rule, await slugsOf(tx, [rule])), reopenedGroups, unchanged: true };
        data = {
          version: rule.version + 1,
          ...(input.matchers && { matchers: input.matchers }),
          ...(scope && { allTenants: scope.tenantIds === null, tenantIds: scope.tenantIds ?? [] }),
          ...(input.comment && { comment: input.comment }),
          ...(input.mode && { mode: input.mode }),
          startsAt: times.startsAt,
          endsAt: times.endsAt,
        };
      }
      const updated = await tx.suppressionRule.update({ where: { id: rule.id }, data: { ...data, updatedAt: new Date() } });
      if (updated.version !== rule.version) await recordVersion(tx, updated, author);
      await audit(tx, actorOf(author), {
        action: `suppression.${input.action}`,
        objectType: "suppression",
        objectId: rule.id.toString(),
        before: ruleAuditOf(rule),
        after: { ...ruleAuditOf(updated), ...(reopenedGroups > 0 && { reopenedGroups }) },
      });
      await notify(tx);
      return { ...viewOf(updated, await slugsOf(tx, [updated])), reopenedGroups, unchanged: false };
    })
  );
}

/** Whether a scope names the rule's tenants, in any order. */
function isSameScope(scope: SuppressionScope, rule: SuppressionRule): boolean {
  if (scope.tenantIds === null || rule.allTenants) return scope.tenantIds === null && rule.allTenants;
  const ruleIds = new Set(rule.tenantIds ?? []);
  return scope.tenantIds.length === ruleIds.size && scope.tenantIds.every((id) => ruleIds.has(id));
}

/** The rule's times, checked; an edit that keeps the end (`isEndKept`) may leave an expired rule expired. */
function checkTimes(caller: Caller, startsAtText: string | null, endsAtText: string | null, { isEndKept = false } = {}) {
  const startsAt = startsAtText ? new Date(startsAtText) : null;
  const endsAt = endsAtText ? new Date(endsAtText) : null;
  if (endsAt === null && !isEndKept && !can(caller, "admin")) throw new AppError("forbidden", "endsAt: only administrators may suppress forever; give an end time");
  if (endsAt && !isEndKept && endsAt.getTime() <= Date.now()) throw new AppError("invalid_input", "endsAt: must be in the future");
  if (startsAt && endsAt && startsAt >= endsAt) throw new AppError("invalid_input", "startsAt: must be before endsAt");
  return { startsAt, endsAt };
}

async function findRule(tx: Tx, idText: string, { lock = false } = {}): Promise<SuppressionRule> {
  const missing = new AppError("not_found", `suppression: no rule "${idText}"`);
  if (!ruleIdPattern.test(idText)) throw missing;
  if (lock) await tx.$executeRaw`SELECT FROM suppression_rules WHERE id = ${BigInt(idText)} FOR UPDATE`;
  // Row-level security answers a rule of tenants the caller cannot see as missing.
  const rule = await tx.suppressionRule.findFirst({ where: { id: BigInt(idText) } });
  if (!rule) throw missing;
  return rule;
}

async function recordVersion(tx: Tx, rule: SuppressionRule, author: Caller): Promise<void> {
  await tx.suppressionRuleVersion.create({
    data: {
      ruleId: rule.id,
      version: rule.version,
      matchers: rule.matchers ?? [],
      allTenants: rule.allTenants,
      tenantIds: rule.tenantIds,
      comment: rule.comment,
      mode: rule.mode,
      startsAt: rule.startsAt,
      endsAt: rule.endsAt,
      authorEmail: author.email,
    },
  });
}

async function resolveMatchedGroups(tx: Tx, author: Caller, ruleId: string, scope: SuppressionScope, matchers: Matcher[], since?: string): Promise<number> {
  const ids = await matchedGroupIds(tx, scope, matchers, since);
  return moveGroups(tx, author, Prisma.sql`id = ANY(${ids}::bigint[]) AND status IN ('open', 'acknowledged')`, {
    status: "resolved",
    reason: suppressedReason(ruleId),
  });
}

async function reopenResolvedGroups(tx: Tx, author: Caller, ruleId: string): Promise<number> {
  return moveGroups(tx, author, Prisma.sql`status = 'resolved' AND status_reason = ${suppressedReason(ruleId)}`, {
    status: "open",
    reason: `reopened: rule #${ruleId} expired`,
  });
}

/** Moves the groups `selection` picks (locked in key order, as ingest locks them) to a status, one audit row each. */
async function moveGroups(tx: Tx, author: Caller, selection: Prisma.Sql, to: { status: "open" | "resolved"; reason: string }): Promise<number> {
  const moved = await tx.$queryRaw<Array<{ id: string; status: string; reason: string | null }>>`
    UPDATE alert_groups g SET status = ${to.status}::group_status, status_reason = ${to.reason}, status_changed_at = now()
    FROM (SELECT id, status, status_reason FROM alert_groups WHERE ${selection} ORDER BY key FOR UPDATE) old
    WHERE g.id = old.id
    RETURNING g.id::text AS id, old.status::text AS status, old.status_reason AS reason`;
  await auditMany(
    tx,
    actorOf(author),
    moved.map((g) => ({ action: "group.update", objectType: "group", objectId: g.id, before: { status: g.status, reason: g.reason }, after: to })),
  );
  return moved.length;
}

function allTenantsIn(after: Prisma.JsonValue): boolean {
  return Boolean(after && typeof after === "object" && !Array.isArray(after) && after.allTenants === true);
}

function tenantIdsIn(after: Prisma.JsonValue): string[] {
  const ids = after && typeof after === "object" && !Array.isArray(after) ? after.tenantIds : null;
  return Array.isArray(ids) ? ids.filter((id) => typeof id === "string") : [];
}

/** An audit row's `after` with its tenant ids as the slugs the caller can see: never another tenant's id. */
function withVisibleTenants(after: Prisma.JsonValue, slugs: Map<string, string>): unknown {
  if (!after || typeof after !== "object" || Array.isArray(after)) return after;
  const { tenantIds: _ids, ...rest } = after;
  return { ...rest, tenants: tenantIdsIn(after).flatMap((id) => slugs.get(id) ?? []) };
}

function ruleAuditOf(rule: SuppressionRule) {
  return {
    version: rule.version,
    matchers: rule.matchers,
    allTenants: rule.allTenants,
    tenantIds: rule.tenantIds,
    mode: rule.mode,
    startsAt: rule.startsAt?.toISOString() ?? null,
    endsAt: rule.endsAt?.toISOString() ?? null,
    comment: rule.comment,
  };
}

async function slugsOf(tx: Tx, rules: Array<{ tenantIds: string[] | null }>): Promise<Map<string, string>> {
  const ids = [...new Set(rules.flatMap((r) => r.tenantIds ?? []))];
  // Row-level security leaves out the tenants the caller cannot see.
  const tenants = await tx.tenant.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true } });
  return new Map(tenants.map((t) => [t.id, t.slug]));
}

function viewOf(rule: SuppressionRule, slugs: Map<string, string>): SuppressionView {
  const now = Date.now();
  return {
    id: rule.id.toString(),
    version: rule.version,
    matchers: matchersSchema.parse(rule.matchers),
    tenants: rule.allTenants ? "all" : (rule.tenantIds ?? []).flatMap((id) => slugs.get(id) ?? []),
    comment: rule.comment,
    mode: rule.mode,
    startsAt: rule.startsAt?.toISOString() ?? null,
    endsAt: rule.endsAt?.toISOString() ?? null,
    isActive: (rule.startsAt === null || rule.startsAt.getTime() <= now) && (rule.endsAt === null || rule.endsAt.getTime() > now),
    createdBy: rule.createdByEmail,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    hitCount: rule.hitCount.toString(),
    lastMatchedAt: rule.lastMatchedAt?.toISOString() ?? null,
  };
}
