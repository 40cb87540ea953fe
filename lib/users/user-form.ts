import { z } from "zod";
import { UserRole } from "@/lib/generated/prisma/enums.ts";
import { emailSchema } from "@/lib/users/users";

const chooseScope = "choose All tenants or Only the tenants ticked";

/**
 * The admin pages' user form, for creating a person and for changing one's role and scope:
 * `scope` is "all" (every tenant) or "chosen" (the `tenants` ticked). Admins always see every
 * tenant, whatever was ticked, and may be sent without a scope; anyone else needs one.
 */
export const userFormSchema = z
  .object({
    email: emailSchema,
    role: z.enum(UserRole, { error: `must be one of ${Object.values(UserRole).join(", ")}` }),
    scope: z.enum(["all", "chosen"], { error: chooseScope }).optional(),
    tenants: z.array(z.string().trim().min(1)).default([]),
  })
  .refine((form) => form.role === "admin" || form.scope !== undefined, { path: ["scope"], message: chooseScope })
  .refine((form) => form.role === "admin" || form.scope !== "chosen" || form.tenants.length > 0, {
    path: ["tenants"],
    message: "tick at least one tenant, or choose All tenants",
  })
  .transform(({ email, role, scope, tenants }) => {
    const allTenants = role === "admin" || scope === "all";
    return { email, role, allTenants, tenants: allTenants ? [] : tenants };
  });

export function readUserForm(form: FormData) {
  return userFormSchema.parse({ email: form.get("email"), role: form.get("role"), scope: form.get("scope") ?? undefined, tenants: form.getAll("tenants") });
}
