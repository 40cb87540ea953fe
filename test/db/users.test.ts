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

/** Sessions of this database waiting on a lock. */
async function waitingOnLocks(): Promise<number> {
  const [row] = await database.sql<[{ n: number }]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`;
  return row.n;
}

/** Starts `changes` together while the person's row is held, and lets them go once each is waiting. */
async function startedTogether<T>(email: string, changes: Array<() => Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
  const holder = await database.sql.reserve();
  try {
    await holder`BEGIN`;
    await holder`SELECT FROM users WHERE email = ${email} FOR UPDATE`;
    const settled = Promise.allSettled(changes.map((change) => change()));
    await expect.poll(() => waitingOnLocks()).toBe(changes.length);
    await holder`COMMIT`;
    return await settled;
  } finally {
    holder.release();
  }
}

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

  it("reads what another administrator committed meanwhile: of two changing one person's tenants at once, the second's 'before' is the first's 'after'", async () => {
    for (const slug of ["beta", "gamma"]) await createTenant(database.db, database.sql, operatorActor, { slug, name: slug, namespaces: `*/${slug}` });
    const { user } = await createUser(database.db, operatorActor, { email: "contested@example.com", role: "analyst", tenants: ["alpha"] });
    const results = await startedTogether(user.email, [
      () => updateUser(database.db, operatorActor, { email: user.email, tenants: ["beta"] }),
      () => updateUser(database.db, operatorActor, { email: user.email, tenants: ["gamma"] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const events = await database.sql<{ before: { tenants: string[] }; after: { tenants: string[] } }[]>`
      SELECT before, after FROM audit_events WHERE action = 'user.update' AND object_id = ${user.id} ORDER BY id`;
    expect(events).toHaveLength(2);
    expect(events[0]!.before.tenants).toEqual(["alpha"]);
    expect(events[1]!.before.tenants).toEqual(events[0]!.after.tenants);
    expect((await findUser(database.db, user.id)).tenants).toEqual(events[1]!.after.tenants);
  });

  it("deactivates a person once when two administrators do it at once: the second finds it done", async () => {
    const { user } = await createUser(database.db, operatorActor, { email: "twice@example.com", role: "viewer", allTenants: true });
    const results = await startedTogether(user.email, [
      () => deactivateUser(database.db, operatorActor, { email: user.email }),
      () => deactivateUser(database.db, operatorActor, { email: user.email }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const [{ n }] = await database.sql<[{ n: number }]>`
      SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.deactivate' AND object_id = ${user.id}`;
    expect(n).toBe(1);
  });

  it("finds nobody by an unknown id, or by something that is not an id", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const error = await findUser(database.db, id).catch((thrown: unknown) => thrown);
      expect((error as AppError).code).toBe("not_found");
    }
  });
});
