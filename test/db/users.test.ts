import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor, type Actor } from "@/lib/audit/audit";
import { AppError } from "@/lib/errors";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser, deactivateUser, findUser, updateUser } from "@/lib/users/users";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/* What the admin pages' user actions rely on in lib/users. */

let database: TestDatabase;
let admin: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  await createTenant(database.db, database.sql, operatorActor, { slug: "alpha", name: "Alpha", namespaces: "*/alpha" });
  const { user } = await createUser(database.db, operatorActor, { email: "admin@example.com", role: "admin", password: "an admin's own password" });
  admin = { id: user.id, email: user.email, ip: null, userAgent: null };
});
afterAll(() => database.drop());

describe("an admin managing people", () => {
  it("hands a new person a one-time password to change at first sign-in", async () => {
    const { user, password } = await createUser(database.db, admin, { email: "new@example.com", role: "analyst", tenants: ["alpha"] });
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(user.mustChangePassword).toBe(true);
    expect(await findUser(database.db, user.id)).toMatchObject({ email: "new@example.com", role: "analyst", allTenants: false, tenants: ["alpha"] });
  });

  it("changes role and scope, audited with the admin as actor", async () => {
    const after = await updateUser(database.db, admin, { email: "new@example.com", role: "viewer", allTenants: true, tenants: [] });
    expect([after.role, after.allTenants]).toEqual(["viewer", true]);
    const [event] = await database.sql<{ actor_id: string; action: string }[]>`
      SELECT actor_id, action FROM audit_events WHERE action = 'user.update' ORDER BY id DESC LIMIT 1`;
    expect(event).toEqual({ actor_id: admin.id, action: "user.update" });
  });

  it("may not change their own role", async () => {
    const error = await updateUser(database.db, admin, { email: admin.email, role: "viewer" }).catch((thrown: unknown) => thrown);
    expect((error as AppError).message).toBe("role: you cannot change your own role; ask another administrator");
    expect((await findUser(database.db, admin.id!)).role).toBe("admin");
  });

  it("may deactivate others but not themselves: refused, and nothing changes", async () => {
    const error = await deactivateUser(database.db, admin, { email: admin.email }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe("email: you cannot deactivate yourself; ask another administrator");
    expect((await findUser(database.db, admin.id!)).deactivatedAt).toBeNull();
    expect((await deactivateUser(database.db, admin, { email: "new@example.com" })).deactivatedAt).toBeInstanceOf(Date);
  });

  it("keeps an administrator: two demoting each other at once leave one, and a former one's scope must be said", async () => {
    const made = await Promise.all(
      ["one", "two"].map((name) => createUser(database.db, admin, { email: `${name}@example.com`, role: "admin", password: "an admin's own password" })),
    );
    const [one, two] = made.map(({ user }): Actor => ({ id: user.id, email: user.email, ip: null, userAgent: null }));
    await deactivateUser(database.db, operatorActor, { email: admin.email });
    const results = await Promise.allSettled([
      updateUser(database.db, one!, { email: two!.email, role: "viewer", allTenants: true }),
      updateUser(database.db, two!, { email: one!.email, role: "viewer", allTenants: true }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.message).toBe(
      "role: Falconry needs at least one active administrator; make another one first",
    );
    const [{ admins }] = await database.sql<[{ admins: number }]>`
      SELECT count(*)::int AS admins FROM users WHERE role = 'admin' AND deactivated_at IS NULL`;
    expect(admins).toBe(1);

    const remaining = results[0]!.status === "fulfilled" ? one! : two!;
    const error = await deactivateUser(database.db, operatorActor, { email: remaining.email }).catch((thrown: unknown) => thrown);
    expect((error as AppError).code).toBe("conflict");

    await createUser(database.db, remaining, { email: "third@example.com", role: "admin", password: "an admin's own password" });
    const unsaid = await updateUser(database.db, remaining, { email: "third@example.com", role: "analyst" }).catch((thrown: unknown) => thrown);
    expect((unsaid as AppError).message).toBe("tenants: say which tenants a former administrator keeps (or all)");
    const demoted = await updateUser(database.db, remaining, { email: "third@example.com", role: "analyst", tenants: ["alpha"] });
    expect([demoted.role, demoted.allTenants]).toEqual(["analyst", false]);
  });

  it("finds nobody by an unknown id, or by something that is not an id", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const error = await findUser(database.db, id).catch((thrown: unknown) => thrown);
      expect((error as AppError).code).toBe("not_found");
    }
  });
});
