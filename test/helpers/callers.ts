import { operatorActor } from "@/lib/audit/audit";
import type { Caller } from "@/lib/auth/caller";
import { createUser } from "@/lib/users/users";
import type { TestDatabase } from "@/test/helpers/test-database";

/**
 * A person created with this role and these tenants (slugs), as the library sees them once signed
 * in with an API token: admins see every tenant, the others their tenants' ids.
 */
export async function createCaller(database: TestDatabase, email: string, role: "admin" | "analyst" | "viewer", tenants: string[]): Promise<Caller> {
  const { user } = await createUser(database.db, operatorActor, { email, role, tenants, allTenants: role === "admin", password: "a long password" });
  const rows = await database.sql<{ id: string }[]>`SELECT id::text FROM tenants WHERE slug = ANY(${tenants}) ORDER BY array_position(${tenants}::text[], slug)`;
  const scope = role === "admin" ? "all" : rows.map((row) => row.id);
  return { userId: user.id, email, name: email, role, mustChangePassword: false, scope, sessionId: null, ip: null, userAgent: null };
}
