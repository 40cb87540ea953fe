import { z } from "zod";
import { matchersSchema } from "@/lib/suppressions/matcher";

/*
 * The suppression API's bodies: one schema per boundary, shared by the routes and the forms. No
 * I/O here, so the browser can import it.
 */

const tenantSlugs = z.array(z.string().trim().min(1, "must not be empty")).min(1, "name at least one tenant, or \"all\"").max(200, "at most 200");
/** Tenant slugs, or "all" (admins only). */
export const suppressionScopeSchema = z.union([z.literal("all"), tenantSlugs], { error: 'a list of tenant slugs, or "all"' });
const time = z.iso.datetime({ offset: true, error: "an RFC 3339 time such as 2026-12-31T00:00:00Z" });

export const suppressionModes = ["enforce", "shadow"] as const;

/** How far back a preview looks by default, and at most. */
export const defaultPreviewDays = 14;
export const maxPreviewDays = 90;

/** A suppression rule's id as text: a bigint, kept to 18 digits so that any such text is one. */
export const ruleIdPattern = /^[1-9]\d{0,17}$/;

/** A page of the rule list (`GET /api/v1/suppressions`), newest first: `cursor` is the last rule of the page before. */
export const listSuppressionsQuerySchema = z.strictObject({
  cursor: z.string().regex(ruleIdPattern, "a rule id from nextCursor").optional(),
  limit: z.coerce.number().int("a whole number").min(1, "at least 1").max(1000, "at most 1000").default(200),
});

export const previewSuppressionSchema = z.strictObject({
  matchers: matchersSchema,
  tenants: suppressionScopeSchema,
  /** The start of the history to try the rule on; 14 days ago by default. */
  since: time.optional(),
  /**
   * Count the whole window, waiting up to seconds. Without it a preview answers in tens of
   * milliseconds, over the window's newest alerts only when it holds too many matches to count that fast.
   */
  complete: z.boolean({ error: "true or false" }).default(false),
});
export type PreviewSuppressionInput = z.output<typeof previewSuppressionSchema>;

const ruleFields = {
  matchers: matchersSchema,
  tenants: suppressionScopeSchema,
  comment: z.string({ error: "required: why these alerts are noise" }).trim().min(1, "required: why these alerts are noise").max(2000, "at most 2000 characters"),
  /** When it stops applying; null for forever (admins only). */
  endsAt: z.union([time, z.null()], { error: "required: an RFC 3339 end time, or null for forever (admins only)" }),
  startsAt: time.optional(),
  mode: z.enum(suppressionModes, { error: "enforce or shadow" }).default("enforce"),
};

export const createSuppressionSchema = z
  .strictObject({
    ...ruleFields,
    /** Resolve the open and acknowledged groups with an alert it matches in the preview window. */
    applyToExisting: z.boolean().default(false),
    /** Needed for a rule that matches every alert in the preview window, or none. */
    confirm: z.boolean().default(false),
    since: time.optional(),
  })
  .refine((rule) => !(rule.applyToExisting && rule.mode === "shadow"), {
    error: "a shadow rule only counts: it resolves no group",
    path: ["applyToExisting"],
  })
  .refine((rule) => !(rule.applyToExisting && rule.startsAt !== undefined && Date.parse(rule.startsAt) > Date.now()), {
    error: "a rule that starts later hides nothing yet: it resolves no group",
    path: ["applyToExisting"],
  });
export type CreateSuppressionInput = z.output<typeof createSuppressionSchema>;

/**
 * `{"action": "expire"}` (optionally reopening the groups it resolved), `{"action": "reactivate",
 * "endsAt": ...}`, or `{"action": "edit", ...fields}`: a new version.
 */
export const updateSuppressionSchema = z.discriminatedUnion(
  "action",
  [
    z.strictObject({ action: z.literal("expire"), reopen: z.boolean().default(false) }),
    z.strictObject({ action: z.literal("reactivate"), endsAt: ruleFields.endsAt }),
    z.strictObject({
      action: z.literal("edit"),
      matchers: ruleFields.matchers.optional(),
      tenants: ruleFields.tenants.optional(),
      comment: ruleFields.comment.optional(),
      endsAt: ruleFields.endsAt.optional(),
      startsAt: z.union([time, z.null()]).optional(),
      mode: z.enum(suppressionModes, { error: "enforce or shadow" }).optional(),
    }),
  ],
  { error: "action: expire, reactivate or edit" },
);
export type UpdateSuppressionInput = z.output<typeof updateSuppressionSchema>;
