import type { UserRole } from "@/lib/generated/prisma/enums.ts";
import { AppError } from "@/lib/errors";
import type { Caller } from "@/lib/auth/caller";

/**
 * What each role may do. `read` and `triage` apply within the caller's scope; `admin` covers
 * people, tenants, clusters and tokens, and implies every tenant.
 */
export type Permission = "read" | "triage" | "admin";

const granted: Record<UserRole, readonly Permission[]> = {
  admin: ["read", "triage", "admin"],
  analyst: ["read", "triage"],
  viewer: ["read"],
};

export function can(caller: Pick<Caller, "role">, permission: Permission): boolean {
  return granted[caller.role].includes(permission);
}

/** The caller, if signed in and allowed; otherwise the 401 or 403 to answer. */
export function requirePermission(caller: Caller | null, permission: Permission): Caller {
  if (!caller) throw new AppError("unauthorized", "authorization: sign in, or send a personal API token as `Authorization: Bearer <token>`");
  if (!can(caller, permission)) throw new AppError("forbidden", `role: ${caller.role}s may not do this`);
  return caller;
}
