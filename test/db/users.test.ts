import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor, type Actor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { createPrismaClient } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser, deactivateUser, findUser, updateUser } from "@/lib/users/users";
import { storeAlertsLike } from "@/test/helpers/stored-alerts";
import { waitingOnLocks } from "@/test/helpers/lock-waits";
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

/** Starts `changes` together while the person's row is held, and lets them go once each is waiting. */
async function startedTogether<T>(email: string, changes: Array<() => Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
  const holder = await database.sql.reserve();
  try {
    await holder`BEGIN`;
    await holder`SELECT FROM users WHERE email = ${email} FOR UPDATE`;
    const settled = Promise.allSettled(changes.map((change) => change()));
    await expect.poll(() => waitingOnLocks(database.sql)).toBe(changes.length);
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

describe("the groups assigned to someone whose access narrows", () => {
  it("are unassigned where they no longer see the group's tenant, and all of them once deactivated, each audited", async () => {
    // as the admin pages and the command line connect: the app's role, seeing every tenant
    const db = createPrismaClient(database.appUrl, { seesAllTenants: true });
    try {
      const cluster = await createCluster(db, operatorActor, { name: "assigned" });
      for (const slug of ["north", "south"]) await createTenant(db, database.sql, operatorActor, { slug, name: slug, namespaces: `assigned/${slug}` });
      await storeAlertsLike(database.sql, cluster, [{ namespace: "north" }, { namespace: "south" }, { namespace: "nobodys" }, { namespace: null }]);
      const { user } = await createUser(db, operatorActor, { email: "assignee@example.com", role: "analyst", allTenants: true });
      const { user: other } = await createUser(db, operatorActor, { email: "other@example.com", role: "analyst", allTenants: true });
      await database.sql`UPDATE alert_groups SET assignee_id = ${user.id}`;
      await database.sql`UPDATE alert_groups SET assignee_id = ${other.id} WHERE segment = 'host'`;
      const assignees = async () =>
        Object.fromEntries(
          (
            await database.sql<{ bucket: string; email: string | null }[]>`
              SELECT coalesce(t.slug, g.segment::text) AS bucket, u.email
              FROM alert_groups g LEFT JOIN tenants t ON t.id = g.tenant_id LEFT JOIN users u ON u.id = g.assignee_id`
          ).map(({ bucket, email }) => [bucket, email]),
        );
      const unassignedSince = async (id: bigint) =>
        database.sql<{ actorEmail: string; before: unknown; after: unknown; bucket: string }[]>`
          SELECT e.actor_email AS "actorEmail", e.before, e.after, coalesce(t.slug, g.segment::text) AS bucket
          FROM audit_events e JOIN alert_groups g ON g.id = e.object_id::bigint LEFT JOIN tenants t ON t.id = g.tenant_id
          WHERE e.action = 'group.update' AND e.id > ${id.toString()}::bigint ORDER BY e.id`;
      const lastEventId = async () => (await database.sql<[{ id: bigint }]>`SELECT coalesce(max(id), 0) AS id FROM audit_events`)[0].id;
      const unassigned = (bucket: string) => ({ actorEmail: operatorActor.email, before: { assignee: user.email }, after: { assignee: null }, bucket });

      let since = await lastEventId();
      await updateUser(db, operatorActor, { email: user.email, allTenants: false, tenants: ["north", "south"] });
      expect(await assignees()).toEqual({ north: user.email, south: user.email, unassigned: null, host: other.email });
      expect(await unassignedSince(since)).toEqual([unassigned("unassigned")]);

      // a viewer may stay assigned, as triage may assign one
      since = await lastEventId();
      await updateUser(db, operatorActor, { email: user.email, role: "viewer", tenants: ["north"] });
      expect(await assignees()).toEqual({ north: user.email, south: null, unassigned: null, host: other.email });
      expect(await unassignedSince(since)).toEqual([unassigned("south")]);

      since = await lastEventId();
      await deactivateUser(db, operatorActor, { email: user.email });
      expect(await assignees()).toEqual({ north: null, south: null, unassigned: null, host: other.email });
      expect(await unassignedSince(since)).toEqual([unassigned("north")]);
    } finally {
      await db.$disconnect();
    }
  });

  it("are unassigned without a deadlock while triage holds one and assigns it to an administrator", async () => {
    // an administrator's change holds every active administrator's row
    const { user } = await createUser(database.db, operatorActor, { email: "narrowed@example.com", role: "admin", password: "an admin's own password" });
    const { user: keeper } = await createUser(database.db, operatorActor, { email: "keeper@example.com", role: "admin", password: "an admin's own password" });
    const [group] = await database.sql<[{ id: string }]>`
      UPDATE alert_groups SET assignee_id = ${user.id} WHERE segment = 'unassigned' RETURNING id::text`;
    const triage = await database.sql.reserve();
    try {
      await triage`BEGIN`;
      await triage`SELECT FROM alert_groups WHERE id = ${group.id} FOR UPDATE`;
      const narrowing = updateUser(database.db, operatorActor, { email: user.email, role: "analyst", allTenants: false, tenants: ["north"] }).then(
        () => "done",
        (error: unknown) => error,
      );
      await expect.poll(() => waitingOnLocks(database.sql)).toBe(1); // for the group
      // the foreign key's check takes a key share of the administrator's row, which the change holds
      await triage`UPDATE alert_groups SET assignee_id = ${keeper.id} WHERE id = ${group.id}`;
      await triage`COMMIT`;
      expect(await narrowing).toBe("done");
    } finally {
      triage.release();
    }
    const [after] = await database.sql<[{ assigneeId: string }]>`SELECT assignee_id AS "assigneeId" FROM alert_groups WHERE id = ${group.id}`;
    expect(after.assigneeId).toBe(keeper.id);
  });

  it("are waited for past Prisma's default of 5 s while triage holds one", async () => {
    const { user } = await createUser(database.db, operatorActor, { email: "leaving@example.com", role: "analyst", allTenants: true });
    const [group] = await database.sql<[{ id: string }]>`
      UPDATE alert_groups SET assignee_id = ${user.id} WHERE id = (SELECT min(id) FROM alert_groups) RETURNING id::text`;
    const triage = await database.sql.reserve();
    try {
      await triage`BEGIN`;
      await triage`SELECT FROM alert_groups WHERE id = ${group.id} FOR UPDATE`;
      const deactivating = deactivateUser(database.db, operatorActor, { email: user.email });
      await expect.poll(() => waitingOnLocks(database.sql)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      await triage`COMMIT`;
      expect((await deactivating).deactivatedAt).not.toBeNull();
    } finally {
      await triage`ROLLBACK`; // a no-op once committed
      triage.release();
    }
    const [after] = await database.sql<[{ assigneeId: string | null }]>`SELECT assignee_id AS "assigneeId" FROM alert_groups WHERE id = ${group.id}`;
    expect(after.assigneeId).toBeNull();
  });

  it("is not waited for by a change to someone who is not an administrator, while an administrator is being assigned", async () => {
    const { user } = await createUser(database.db, operatorActor, { email: "bystander@example.com", role: "analyst", allTenants: true });
    const assigning = await database.sql.reserve();
    try {
      await assigning`BEGIN`;
      await assigning`SELECT FROM users WHERE role = 'admin' FOR SHARE`; // as update-groups.ts holds an assignee
      let isDone = false;
      const changing = updateUser(database.db, operatorActor, { email: user.email, role: "viewer", allTenants: true }).finally(() => (isDone = true));
      await expect.poll(async () => isDone || (await waitingOnLocks(database.sql)) > 0).toBe(true);
      expect(isDone).toBe(true);
      await changing;
    } finally {
      await assigning`ROLLBACK`;
      assigning.release();
    }
  });
});
