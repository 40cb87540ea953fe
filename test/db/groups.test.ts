import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import type { Caller } from "@/lib/auth/caller";
import { createCluster } from "@/lib/clusters/clusters";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { addGroupNote } from "@/lib/groups/add-group-note";
import { countGroups, countWithin, estimateRows } from "@/lib/groups/count-groups";
import { activityPeriod } from "@/lib/groups/activity-period";
import { getGroup } from "@/lib/groups/get-group";
import { readGroupActivity } from "@/lib/groups/group-activity";
import { readGroupSpread } from "@/lib/groups/group-spread";
import { filterConditions, showGroups, type GroupRow } from "@/lib/groups/group-query";
import { listGroups } from "@/lib/groups/list-groups";
import { maxGroupsPerUpdate, updateGroups } from "@/lib/groups/update-groups";
import { resegmentActor } from "@/lib/tenants/resegment-alerts";
import { createTenant, updateTenantNamespaces } from "@/lib/tenants/tenants";
import { useAppDatabase } from "@/test/helpers/app-in-process";
import { createCaller } from "@/test/helpers/callers";
import { storeAlertsLike, type AlertSpec } from "@/test/helpers/stored-alerts";
import { waitingOnLocks } from "@/test/helpers/lock-waits";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";
import { rejection } from "@/test/helpers/thrown-app-error";

/*
 * The group list, a group's page, bulk updates and notes, through the library as routes call it:
 * the app's own role under row-level security, each call with a person's scope.
 */

let database: TestDatabase;
let appDb: Db;
const callers = {} as Record<"redAnalyst" | "redViewer" | "blueAnalyst" | "admin", Caller>;
const tenantIds = { red: "", blue: "", green: "" };
/** Group ids by name. */
const groupIds: Record<string, string> = {};

const times = ["2026-11-25T10:00:00.000001Z", "2026-11-25T10:00:00.000002Z", "2026-11-25T11:00:00Z", "2026-11-25T12:00:00Z"];
const priorities = ["Notice", "Warning", "Error", "Critical"];

beforeAll(async () => {
  database = await createTestDatabase();
  await useAppDatabase(database);
  appDb = createPrismaClient(process.env.DATABASE_URL!);
  const { db, sql } = database;
  tenantIds.red = (await createTenant(db, sql, operatorActor, { slug: "red", name: "Red", namespaces: "*/red,*/red-two" })).tenant.id;
  tenantIds.blue = (await createTenant(db, sql, operatorActor, { slug: "blue", name: "Blue", namespaces: "*/blue" })).tenant.id;
  callers.redAnalyst = await createCaller(database, "red@example.com", "analyst", ["red"]);
  callers.redViewer = await createCaller(database, "red-viewer@example.com", "viewer", ["red"]);
  callers.blueAnalyst = await createCaller(database, "blue@example.com", "analyst", ["blue"]);
  callers.admin = await createCaller(database, "admin@example.com", "admin", []);

  const one = await createCluster(db, operatorActor, { name: "one" });
  const two = await createCluster(db, operatorActor, { name: "two" });
  // 24 groups of red with many ties in time, priority and count; red-two only in cluster two
  const red: AlertSpec[] = [];
  for (let i = 0; i < 24; i++) {
    const spec = {
      namespace: i % 6 === 5 ? "red-two" : "red",
      exe: `/bin/red-${i}`,
      time: times[i % 4],
      priority: priorities[i % 3],
      ...(i === 3 ? { hostname: "node-7", tags: ["T1059", "mitre_execution"] } : {}),
    };
    red.push(...Array.from({ length: 1 + (i % 2) }, () => spec));
  }
  await storeAlertsLike(sql, one, red.filter((s) => s.namespace === "red"));
  await storeAlertsLike(sql, two, red.filter((s) => s.namespace === "red-two"));
  await storeAlertsLike(sql, one, [
    { namespace: "blue", exe: "/bin/blue-0", rule: "Blue only rule" },
    { namespace: "blue", exe: "/bin/blue-1" },
  ]);
  await storeAlertsLike(sql, one, [{ namespace: "nobody-claims", exe: "/bin/stray" }]);
  const rows = await sql<{ id: string; exe: string }[]>`SELECT id::text, identity->>'executable' AS exe FROM alert_groups`;
  for (const row of rows) groupIds[row.exe.replace("/bin/", "")] = row.id;
}, 120_000);

afterAll(async () => {
  await appDb.$disconnect();
  await database.drop();
});

const redIds = () => Array.from({ length: 24 }, (_, i) => groupIds[`red-${i}`]!);

async function state() {
  return database.sql`
    SELECT (SELECT json_agg(g ORDER BY g.id) FROM (SELECT id, status, status_reason, status_changed_at, assignee_id FROM alert_groups) g) AS groups,
           (SELECT json_agg(n ORDER BY n.id) FROM group_notes n) AS notes,
           (SELECT count(*)::int FROM audit_events WHERE object_type = 'group') AS audit`;
}

async function everyPage(caller: Caller, query: Record<string, unknown>): Promise<GroupRow[]> {
  const all: GroupRow[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const { items, nextCursor } = await listGroups(caller, { ...query, ...(cursor ? { cursor } : {}) });
    all.push(...items);
    if (!nextCursor) return all;
    cursor = nextCursor;
  }
  throw new Error("more than 100 pages");
}

describe("listGroups", () => {
  beforeEach(async () => {
    await database.sql`UPDATE alert_groups SET status = 'open', status_reason = NULL, assignee_id = NULL`;
  });

  it("shows each group with its tenant, cluster, namespace, counts and triage state", async () => {
    const { items } = await listGroups(callers.redAnalyst, { limit: 200 });
    expect(items.filter((g) => g.id === groupIds["red-1"])).toEqual([
      {
        id: groupIds["red-1"],
        tenant: "red",
        segment: "tenant",
        cluster: "one",
        namespace: "red",
        rule: "Read sensitive file untrusted",
        source: "syscall",
        identity: { "container.image.repository": "docker.io/library/nginx", executable: "/bin/red-1" },
        priority: "warning",
        status: "open",
        statusReason: null,
        statusChangedAt: null,
        regressedAt: null,
        assignee: null,
        count: "2",
        firstSeen: "2026-11-25T10:00:00.000002Z",
        lastSeen: "2026-11-25T10:00:00.000002Z",
        // days ago: nothing in the last 24 hours
        periodCount: "0",
        sparkline: { from: expect.any(String), to: expect.any(String), bucketHours: 1, counts: Array.from({ length: 24 }, () => 0) },
      },
    ]);
  });

  it("counts each group's alerts in the period by whole hours, from the hourly counts, with a sparkline", async () => {
    const shown = async (query: Record<string, unknown>) =>
      Object.fromEntries((await listGroups(callers.redAnalyst, { ...query, limit: 200 })).items.map((g) => [g.identity.executable, [g.periodCount, g.sparkline]]));
    // since 10:30 counts the whole 10:00 hour: red-2 (11:00, one alert) and red-3 (12:00, two)
    const period = await shown({ since: "2026-11-25T10:30:00Z", until: "2026-11-25T12:00:00.000001Z" });
    const sparkline = { from: "2026-11-25T10:00:00.000Z", to: "2026-11-25T13:00:00.000Z", bucketHours: 1 };
    expect(period["/bin/red-2"]).toEqual(["1", { ...sparkline, counts: [0, 1, 0] }]);
    expect(period["/bin/red-3"]).toEqual(["2", { ...sparkline, counts: [0, 0, 2] }]);
    // the period is since/until, not the group's life: red-1's alerts at 10:00 are outside 11:00-12:00
    await database.sql`UPDATE alert_groups SET last_seen = '2026-11-25T11:30:00Z' WHERE id = ${groupIds["red-1"]!}`;
    try {
      const later = await shown({ since: "2026-11-25T11:00:00Z", until: "2026-11-25T12:00:00Z" });
      expect(later["/bin/red-1"]).toEqual(["0", { from: "2026-11-25T11:00:00.000Z", to: "2026-11-25T12:00:00.000Z", bucketHours: 1, counts: [0] }]);
    } finally {
      await database.sql`UPDATE alert_groups SET last_seen = '2026-11-25T10:00:00.000002Z' WHERE id = ${groupIds["red-1"]!}`;
    }
    // a week: buckets of 7 hours; the 10:00, 11:00 and 12:00 hours of the 25th fall in one
    const week = await shown({ since: "2026-11-20T00:00:00Z", until: "2026-11-27T00:00:00Z" });
    expect(week["/bin/red-3"]![1]).toMatchObject({ bucketHours: 7, counts: expect.any(Array) });
    const weekCounts = (week["/bin/red-3"]![1] as { counts: number[] }).counts;
    expect(weekCounts).toHaveLength(24);
    expect(weekCounts.filter((n) => n > 0)).toEqual([2]);
    expect(weekCounts.indexOf(2)).toBe(Math.floor((5 * 24 + 12) / 7));
    // since after until: no group, and an empty period rather than an error
    expect(await shown({ since: "2026-11-26T00:00:00Z", until: "2026-11-25T00:00:00Z" })).toEqual({});
  });

  it("reads the hourly counts under row-level security: another tenant's group has none", async () => {
    const period = activityPeriod({ since: "2026-11-25T00:00:00Z", until: "2026-11-26T00:00:00Z" });
    const ids = [groupIds["red-3"]!, groupIds["blue-0"]!];
    const activity = await scopedTransaction(appDb, [tenantIds.red], (tx) => readGroupActivity(tx, ids, period));
    expect(activity.get(ids[0]!)?.periodCount).toBe("2");
    expect(activity.get(ids[1]!)?.periodCount).toBe("0");
  });

  it.each(["lastSeen", "count", "priority"] as const)("pages by %s without gaps or repeats, ties broken by id", async (sort) => {
    const whole = (await listGroups(callers.redAnalyst, { sort, limit: 200 })).items;
    expect(whole.map((g) => g.id).sort()).toEqual(redIds().sort());
    for (const limit of [1, 4, 7]) {
      const paged = await everyPage(callers.redAnalyst, { sort, limit });
      expect(paged.map((g) => g.id)).toEqual(whole.map((g) => g.id));
    }
    const order = { lastSeen: "last_seen DESC, id DESC", count: "count DESC, id DESC", priority: "max_priority DESC, last_seen DESC, id DESC" }[sort];
    const expected = await database.sql.unsafe<{ groupId: string }[]>(
      `SELECT id::text AS "groupId" FROM alert_groups WHERE tenant_id = $1 ORDER BY ${order}`,
      [tenantIds.red],
    );
    expect(whole.map((g) => g.id)).toEqual(expected.map((g) => g.groupId));
  });

  it("filters by every field, and combines filters", async () => {
    const ids = async (query: Record<string, unknown>, caller = callers.redAnalyst) =>
      (await listGroups(caller, { ...query, limit: 200 })).items.map((g) => g.id).sort();
    const red = (pick: (i: number) => boolean) => redIds().filter((_, i) => pick(i)).sort();
    await database.sql`UPDATE alert_groups SET status = 'acknowledged', assignee_id = ${callers.redAnalyst.userId} WHERE id = ${groupIds["red-0"]!}`;
    await database.sql`UPDATE alert_groups SET status = 'resolved', status_reason = 'fixed', assignee_id = ${callers.admin.userId} WHERE id = ${groupIds["red-1"]!}`;

    expect(await ids({ tenant: "red" })).toEqual(red(() => true));
    expect(await ids({ namespace: "red-two" })).toEqual(red((i) => i % 6 === 5));
    expect(await ids({ cluster: "two" })).toEqual(red((i) => i % 6 === 5));
    expect(await ids({ cluster: "one", namespace: "red-two" })).toEqual([]);
    expect(await ids({ cluster: "no-such-cluster" })).toEqual([]);
    expect(await ids({ hostname: "node-7" })).toEqual(red((i) => i === 3));
    expect(await ids({ tag: "T1059" })).toEqual(red((i) => i === 3));
    expect(await ids({ tag: "T1059,mitre_execution" })).toEqual(red((i) => i === 3));
    expect(await ids({ tag: ["T1059", "container"] })).toEqual([]); // all of them
    expect(await ids({ tag: "container" })).toEqual(red((i) => i !== 3));
    expect(await ids({ priority: "error" })).toEqual(red((i) => i % 3 === 2));
    expect(await ids({ priority: "warning" })).toEqual(red((i) => i % 3 >= 1));
    expect(await ids({ priority: "Warning", priorityMatch: "exactly" })).toEqual(red((i) => i % 3 === 1));
    expect(await ids({ rule: "Read sensitive file untrusted", source: "syscall" })).toEqual(red(() => true));
    expect(await ids({ source: "k8s_audit" })).toEqual([]);
    expect(await ids({ status: "acknowledged,resolved" })).toEqual(red((i) => i <= 1));
    expect(await ids({ status: ["open", "resolved"] })).toEqual(red((i) => i >= 1));
    expect(await ids({ assignee: "me" })).toEqual(red((i) => i === 0));
    expect(await ids({ assignee: "ADMIN@example.com" })).toEqual(red((i) => i === 1));
    expect(await ids({ assignee: "nobody" })).toEqual(red((i) => i >= 2));
    expect(await ids({ q: "RED-2" })).toEqual(red((i) => String(i).startsWith("2")));
    expect(await ids({ q: "sensitive FILE" })).toEqual(red(() => true));
    expect(await ids({ q: "red_1" })).toEqual([]); // `_` is a character, not a wildcard
    expect(await ids({ since: "2026-11-25T11:00:00Z" })).toEqual(red((i) => i % 4 >= 2));
    expect(await ids({ until: "2026-11-25T10:00:00.000002Z" })).toEqual(red((i) => i % 4 === 0));
    expect(await ids({ since: "1h" })).toEqual([]);
    expect(await ids({ namespace: "red", priority: "error", status: "open" })).toEqual(red((i) => i % 6 !== 5 && i % 3 === 2));
  });

  it("shows each caller their own scope only, and another tenant's slug as a missing one", async () => {
    expect((await listGroups(callers.blueAnalyst, {})).items.map((g) => g.tenant)).toEqual(["blue", "blue"]);
    const everything = (await listGroups(callers.admin, { limit: 200 })).items;
    expect(everything).toHaveLength(27);
    expect(everything.filter((g) => g.tenant === null)).toEqual([expect.objectContaining({ segment: "unassigned", cluster: "one", namespace: "nobody-claims" })]);
    expect((await rejection(listGroups(callers.redAnalyst, { tenant: "blue" }))).message).toBe('tenant: no tenant "blue"');
    expect((await rejection(listGroups(callers.redAnalyst, { tenant: "nope" }))).message).toBe('tenant: no tenant "nope"');
  });

  it("refuses bad queries, naming the parameter", async () => {
    const message = async (query: Record<string, unknown>) => (await rejection(listGroups(callers.redAnalyst, query))).message;
    expect(await message({ limit: "0" })).toBe("limit: at least 1");
    expect(await message({ limit: "201" })).toBe("limit: at most 200");
    expect(await message({ priority: "loud" })).toMatch(/^priority: one of debug/);
    expect(await message({ status: "closed" })).toMatch(/^status\[0\]: one of open/);
    expect(await message({ since: "yesterday" })).toMatch(/^since: an RFC 3339 time/);
    expect(await message({ sort: "name" })).toMatch(/^sort: /);
    expect(await message({ tag: "" })).toBe("tag[0]: must not be empty");
    expect(await message({ cursor: "garbage" })).toMatch(/^cursor: not a cursor of this list/);
    const { nextCursor } = await listGroups(callers.redAnalyst, { limit: 1 });
    expect(await message({ cursor: nextCursor, sort: "count" })).toBe("cursor: not a cursor of this list (sorted by count); start again without one");
  });

  it("is filtered by row-level security even when the app's own filter is left out", async () => {
    // the list's query with the scope condition of someone who sees everything, in red's transaction
    const everyone = { ...callers.redAnalyst, scope: "all" as const };
    const rows = await scopedTransaction(appDb, [tenantIds.red], async (tx) => {
      const conditions = await filterConditions(tx, everyone, { priorityMatch: "atLeast", suppressed: "include" });
      return tx.$queryRaw<GroupRow[]>(showGroups(Prisma.sql`SELECT g.* FROM alert_groups g WHERE ${Prisma.join(conditions, " AND ")}`, Prisma.sql`g.id`));
    });
    expect(rows.map((g) => g.id).sort()).toEqual(redIds().sort());
    const blueGroup = groupIds["blue-0"]!;
    const seen = await scopedTransaction(appDb, [tenantIds.red], (tx) =>
      Promise.all([
        tx.alertGroup.findMany({ where: { id: BigInt(blueGroup) } }),
        tx.groupNote.findMany({ where: { groupId: BigInt(blueGroup) } }),
      ]),
    );
    expect(seen).toEqual([[], []]);
  });
});

describe("getGroup", () => {
  it("answers a group with its notes and history, and another tenant's group exactly as a missing one", async () => {
    const id = groupIds["red-3"]!;
    await addGroupNote(callers.redAnalyst, id, { body: "looking into it" });
    await updateGroups(callers.redAnalyst, { ids: [id], set: { status: "acknowledged" } });
    const group = await getGroup(callers.redViewer, id);
    expect(group).toMatchObject({ id, tenant: "red", status: "acknowledged" });
    expect(group.notes).toEqual([{ id: expect.any(String), author: "red@example.com", body: "looking into it", createdAt: expect.any(String) }]);
    expect(group.history.map((h) => [h.actor, h.action])).toEqual([
      ["red@example.com", "group.note"],
      ["red@example.com", "group.update"],
    ]);

    const other = await rejection(getGroup(callers.blueAnalyst, id));
    const missing = await rejection(getGroup(callers.blueAnalyst, "999999999"));
    expect([other.status, other.message]).toEqual([404, `group: no group "${id}"`]);
    expect([missing.status, missing.message]).toEqual([404, 'group: no group "999999999"']);
    expect((await rejection(getGroup(callers.blueAnalyst, "x'1"))).message).toBe(`group: no group "x'1"`);
    // unassigned groups are for all-tenant people
    expect((await rejection(getGroup(callers.redAnalyst, groupIds.stray!))).status).toBe(404);
    expect(await getGroup(callers.admin, groupIds.stray!)).toMatchObject({ tenant: null, segment: "unassigned" });
  });
});

describe("updateGroups", () => {
  beforeEach(async () => {
    await database.sql`UPDATE alert_groups SET status = 'open', status_reason = NULL, status_changed_at = NULL, assignee_id = NULL`;
  });

  it("changes the groups named, with one audit row each in the same transaction", async () => {
    const ids = [groupIds["red-4"]!, groupIds["red-5"]!];
    const auditBefore = (await state())[0]!.audit as number;
    expect(await updateGroups(callers.redAnalyst, { ids, set: { status: "resolved", reason: " patched ", assignee: "me" } })).toEqual({ updated: 2, unchanged: 0, skipped: [] });
    const rows = await database.sql`
      SELECT g.status::text, g.status_reason AS reason, g.status_changed_at IS NOT NULL AS "hasChangedAt", u.email
      FROM alert_groups g JOIN users u ON u.id = g.assignee_id WHERE g.id = ANY(${ids}::bigint[])`;
    expect(rows).toEqual(ids.map(() => ({ status: "resolved", reason: "patched", hasChangedAt: true, email: "red@example.com" })));
    const audit = await database.sql`
      SELECT object_id AS id, actor_email AS actor, action, before, after FROM audit_events
      WHERE object_type = 'group' AND object_id = ANY(${ids}) ORDER BY object_id`;
    expect(audit).toEqual(
      ids.sort().map((id) => ({
        id,
        actor: "red@example.com",
        action: "group.update",
        before: { status: "open", reason: null, assignee: null },
        after: { status: "resolved", reason: "patched", assignee: "red@example.com" },
      })),
    );
    expect((await state())[0]!.audit).toBe(auditBefore + 2);
  });

  it("updates everything a filter matches, skipping groups the workflow does not allow, and reports them", async () => {
    await database.sql`UPDATE alert_groups SET status = 'resolved', status_reason = 'fixed' WHERE id = ${groupIds["red-2"]!}`;
    const result = await updateGroups(callers.redAnalyst, { filter: { priority: "error" }, set: { status: "acknowledged" } });
    const errorGroups = redIds().filter((_, i) => i % 3 === 2);
    expect(result).toEqual({ updated: errorGroups.length - 1, unchanged: 0, skipped: [{ id: groupIds["red-2"], error: "status: a group cannot go from resolved to acknowledged (from resolved: open)" }] });
    const statuses = await database.sql`SELECT status::text, count(*)::int AS n FROM alert_groups WHERE tenant_id = ${tenantIds.red} GROUP BY 1 ORDER BY 1`;
    expect(statuses).toEqual([
      { status: "acknowledged", n: errorGroups.length - 1 },
      { status: "open", n: 24 - errorGroups.length },
      { status: "resolved", n: 1 },
    ]);
    // and a second time there is nothing left to do
    expect(await updateGroups(callers.redAnalyst, { filter: { priority: "error", status: "acknowledged" }, set: { status: "acknowledged" } })).toEqual({
      updated: 0,
      unchanged: errorGroups.length - 1,
      skipped: [],
    });
  });

  it("refuses to close without a reason, with a clear error, writing nothing", async () => {
    const before = await state();
    const result = await updateGroups(callers.redAnalyst, { ids: [groupIds["red-6"]!], set: { status: "false_positive" } });
    expect(result).toEqual({ updated: 0, unchanged: 0, skipped: [{ id: groupIds["red-6"], error: "reason: required to mark a group false_positive" }] });
    expect(await state()).toEqual(before);
  });

  it("refuses bad bodies, naming the field, writing nothing", async () => {
    const before = await state();
    const message = async (body: unknown) => (await rejection(updateGroups(callers.redAnalyst, body))).message;
    expect(await message({ ids: [groupIds["red-6"]], set: {} })).toBe("set: give a status, an assignee, or both");
    expect(await message({ ids: [groupIds["red-6"]], set: { reason: "why" } })).toMatch(/set.reason: only with a status/);
    expect(await message({ ids: [groupIds["red-6"]], set: { status: "done" } })).toMatch(/^set.status: one of open/);
    expect(await message({ set: { status: "acknowledged" } })).toBe("ids: give either ids or a filter");
    expect(await message({ filter: { tenant: "blue" }, set: { status: "acknowledged" } })).toBe('tenant: no tenant "blue"');
    expect(await state()).toEqual(before);
  });

  it("assigns only people who can see the group's tenant", async () => {
    const result = await updateGroups(callers.admin, { ids: [groupIds["red-7"]!, groupIds["blue-0"]!], set: { assignee: "blue@example.com" } });
    expect(result).toEqual({ updated: 1, unchanged: 0, skipped: [{ id: groupIds["red-7"], error: "assignee: blue@example.com is no active person who can see this group's tenant" }] });
    expect(await updateGroups(callers.admin, { ids: [groupIds["blue-0"]!], set: { assignee: null } })).toEqual({ updated: 1, unchanged: 0, skipped: [] });
  });

  it("assigns someone an administrator is changing only as the change leaves them", async () => {
    // as updateUser holds the person while it takes their tenant away and unassigns them
    const holder = await database.sql.reserve();
    try {
      await holder`BEGIN`;
      await holder`SELECT FROM users WHERE email = 'blue@example.com' FOR NO KEY UPDATE`;
      await holder`DELETE FROM user_tenants WHERE user_id = ${callers.blueAnalyst.userId}::uuid`;
      const assigning = updateGroups(callers.admin, { ids: [groupIds["blue-0"]!], set: { assignee: "blue@example.com" } });
      await expect.poll(() => waitingOnLocks(database.sql)).toBe(1);
      await holder`COMMIT`;
      expect(await assigning).toEqual({
        updated: 0,
        unchanged: 0,
        skipped: [{ id: groupIds["blue-0"], error: "assignee: blue@example.com is no active person who can see this group's tenant" }],
      });
    } finally {
      await holder`ROLLBACK`; // a no-op once committed
      holder.release();
      await database.sql`INSERT INTO user_tenants (user_id, tenant_id) VALUES (${callers.blueAnalyst.userId}::uuid, ${tenantIds.blue}::uuid) ON CONFLICT DO NOTHING`;
    }
  });

  it("answers an email without an account as it answers a person of another tenant, telling no one who has an account", async () => {
    const before = await state();
    for (const email of ["blue@example.com", "ghost@example.com"]) {
      expect(await updateGroups(callers.redAnalyst, { ids: [groupIds["red-7"]!], set: { assignee: email } })).toEqual({
        updated: 0,
        unchanged: 0,
        skipped: [{ id: groupIds["red-7"], error: `assignee: ${email} is no active person who can see this group's tenant` }],
      });
    }
    expect(await state()).toEqual(before);
  });

  it("answers another tenant's group as missing, and viewers with 403, changing nothing", async () => {
    const before = await state();
    const mixed = await rejection(updateGroups(callers.redAnalyst, { ids: [groupIds["red-8"]!, groupIds["blue-1"]!], set: { status: "acknowledged" } }));
    expect([mixed.status, mixed.message]).toEqual([404, `group: no group "${groupIds["blue-1"]}"`]);
    const missing = await rejection(updateGroups(callers.redAnalyst, { ids: ["999999999"], set: { status: "acknowledged" } }));
    expect([missing.status, missing.message]).toEqual([404, 'group: no group "999999999"']);
    const viewer = await rejection(updateGroups(callers.redViewer, { ids: [groupIds["red-8"]!], set: { status: "acknowledged" } }));
    expect(viewer.status).toBe(403);
    expect((await rejection(updateGroups(callers.redViewer, { filter: {}, set: { status: "acknowledged" } }))).status).toBe(403);
    expect((await rejection(updateGroups(null, { ids: [groupIds["red-8"]!], set: { status: "acknowledged" } }))).status).toBe(401);
    expect(await state()).toEqual(before);
  });
});

describe("addGroupNote", () => {
  it("adds a note with its author and an audit row; refuses viewers, other tenants and empty or long notes, writing nothing", async () => {
    const id = groupIds["red-9"]!;
    const note = await addGroupNote(callers.redAnalyst, id, { body: "  <b>plain</b> text  " });
    expect(note).toEqual({ id: expect.any(String), author: "red@example.com", body: "<b>plain</b> text", createdAt: expect.any(String) });
    const [row] = await database.sql`SELECT action, after FROM audit_events WHERE object_type = 'group' AND object_id = ${id} AND action = 'group.note'`;
    expect(row).toEqual({ action: "group.note", after: { note: note.id } });

    const before = await state();
    expect((await rejection(addGroupNote(callers.redViewer, id, { body: "hi" }))).status).toBe(403);
    const other = await rejection(addGroupNote(callers.blueAnalyst, id, { body: "hi" }));
    expect([other.status, other.message]).toEqual([404, `group: no group "${id}"`]);
    expect((await rejection(addGroupNote(callers.redAnalyst, id, { body: " " }))).message).toBe("body: must not be empty");
    expect((await rejection(addGroupNote(callers.redAnalyst, id, { body: "x".repeat(10_001) }))).message).toBe("body: at most 10000 characters");
    expect(await state()).toEqual(before);
  });
});

describe("keyset pages while alerts arrive", () => {
  it("neither repeats nor skips the groups that stay where they were", async () => {
    const whole = (await listGroups(callers.redAnalyst, { limit: 200 })).items;
    const first = await listGroups(callers.redAnalyst, { limit: 5 });
    expect(first.items).toEqual(whole.slice(0, 5));
    // a new alert moves a group the next page would have shown, and one of the first page, to the top
    const [one] = await database.sql<{ id: string }[]>`SELECT id FROM clusters WHERE name = 'one'`;
    const moved = [whole[7]!, whole[2]!];
    await storeAlertsLike(
      database.sql,
      { id: one!.id, name: "one" },
      moved.map((g) => ({ namespace: "red", exe: g.identity.executable!, time: "2026-11-26T00:00:00Z", priority: "Notice" })),
    );
    const second = await listGroups(callers.redAnalyst, { limit: 5, cursor: first.nextCursor! });
    expect(second.items.map((g) => g.id)).toEqual(
      whole
        .slice(5)
        .filter((g) => g.id !== moved[0]!.id)
        .slice(0, 5)
        .map((g) => g.id),
    );
  });
});

// Last: its tenant's groups would change what the tests above count.
describe("a group's spread", () => {
  const green: Record<string, string> = {};

  beforeAll(async () => {
    const { db, sql } = database;
    tenantIds.green = (await createTenant(db, sql, operatorActor, { slug: "green", name: "Green", namespaces: "*/green,*/green-two" })).tenant.id;
    const [one, two] = await sql<{ id: string; name: string }[]>`SELECT id, name FROM clusters WHERE name IN ('one', 'two') ORDER BY name`;
    const spread = { exe: "/bin/spread" };
    await storeAlertsLike(sql, one!, [
      ...Array.from({ length: 3 }, (_, i) => ({ ...spread, namespace: "green", hostname: "node-1", fields: { "k8s.pod.name": "web-1" }, time: `2026-11-25T10:0${i}:00Z` })),
      ...Array.from({ length: 2 }, (_, i) => ({ ...spread, namespace: "green-two", hostname: "node-2", fields: { "k8s.pod.name": "web-2" }, time: `2026-11-25T11:0${i}:00Z` })),
    ]);
    await storeAlertsLike(sql, two!, [{ ...spread, namespace: "green", hostname: "node-1", fields: { "k8s.pod.name": null }, time: "2026-11-25T12:00:00Z" }]);
    // twelve hosts, one alert each but node-0's two
    await storeAlertsLike(sql, one!, Array.from({ length: 13 }, (_, i) => ({ exe: "/bin/wide", namespace: "green", hostname: `node-${Math.max(0, i - 1)}` })));
    const rows = await sql<{ id: string; exe: string }[]>`SELECT id::text, identity->>'executable' AS exe FROM alert_groups WHERE tenant_id = ${tenantIds.green}`;
    for (const row of rows) green[row.exe] = row.id;
  });

  it("counts by namespace with its cluster and by host exactly, and by pod over the newest alerts, with shares", async () => {
    const greenViewer = { ...callers.redViewer, scope: [tenantIds.green] };
    const { spread } = await getGroup(greenViewer, green["/bin/spread"]!);
    expect(spread).toEqual({
      total: "6",
      namespaces: {
        distinct: 3,
        items: [
          { cluster: "one", namespace: "green", count: "3", share: 0.5 },
          { cluster: "one", namespace: "green-two", count: "2", share: 0.3333 },
          { cluster: "two", namespace: "green", count: "1", share: 0.1666 },
        ],
      },
      hosts: {
        distinct: 2,
        items: [
          { hostname: "node-1", count: "4", share: 0.6666 },
          { hostname: "node-2", count: "2", share: 0.3333 },
        ],
      },
      pods: {
        distinct: 3,
        sampled: 6,
        isPartial: false,
        items: [
          { pod: "web-1", count: "3", share: 0.5 },
          { pod: "web-2", count: "2", share: 0.3333 },
          { pod: null, count: "1", share: 0.1666 },
        ],
      },
    });
  });

  it("shows the top ten values, saying how many there are", async () => {
    const { spread } = await getGroup(callers.admin, green["/bin/wide"]!);
    expect(spread.hosts.distinct).toBe(12);
    expect(spread.hosts.items).toHaveLength(10);
    expect(spread.hosts.items[0]).toEqual({ hostname: "node-0", count: "2", share: 0.1538 });
  });

  it("counts pods over the newest alerts only, and says when the group has more", async () => {
    const spread = await scopedTransaction(appDb, [tenantIds.green], (tx) => readGroupSpread(tx, green["/bin/spread"]!, { podSample: 4 }));
    // the four newest: node-1 at 12:00 (no pod), web-2 twice at 11:00, web-1 at 10:02
    expect(spread.pods).toEqual({
      distinct: 3,
      sampled: 4,
      isPartial: true,
      items: [
        { pod: "web-2", count: "2", share: 0.5 },
        { pod: "web-1", count: "1", share: 0.25 },
        { pod: null, count: "1", share: 0.25 },
      ],
    });
  });

  it("is read under row-level security: another tenant's group has none", async () => {
    const spread = await scopedTransaction(appDb, [tenantIds.red], (tx) => readGroupSpread(tx, green["/bin/spread"]!));
    expect(spread).toEqual({ total: "0", namespaces: { distinct: 0, items: [] }, hosts: { distinct: 0, items: [] }, pods: { distinct: 0, sampled: 0, isPartial: false, items: [] } });
    expect((await rejection(getGroup(callers.redAnalyst, green["/bin/spread"]!))).status).toBe(404);
  });
});

describe("countGroups", () => {
  it("counts exactly within its budget, and answers the planner's estimate when a count takes longer", async () => {
    expect(await countGroups(callers.redAnalyst, {})).toEqual({ count: 24, isCapped: false, isEstimate: false, cap: 10_000 });
    const slow = Prisma.sql`SELECT 1 FROM alert_groups g, pg_sleep(0.3)`;
    const answers = await scopedTransaction(appDb, [tenantIds.red], async (tx) => [
      await countWithin(tx, slow, 50),
      // the transaction goes on after the cancelled count, with no timeout left behind
      await countWithin(tx, slow, 5_000),
      (await tx.$queryRaw<Array<{ timeout: string }>>`SELECT current_setting('statement_timeout') AS timeout`)[0]!.timeout,
    ]);
    expect(answers).toEqual([null, 24, "0"]);
  });

  it("estimates from the statistics, without reading the rows", async () => {
    await database.sql`ANALYZE alert_groups`;
    const total = (await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM alert_groups`)[0]!.n;
    const estimate = await scopedTransaction(appDb, "all", (tx) => estimateRows(tx, Prisma.sql`SELECT 1 FROM alert_groups g`));
    // an estimate (row-level security's filter lowers it), not a count: of the right order
    expect(estimate).toBeGreaterThan(0);
    expect(estimate).toBeLessThanOrEqual(total);
    // where nothing matches, a count says 0; the planner never estimates fewer than one row
    const none = Prisma.sql`SELECT 1 FROM alert_groups g WHERE g.rule = 'no such rule'`;
    expect(await scopedTransaction(appDb, "all", (tx) => estimateRows(tx, none))).toBe(1);
  });
});

describe("a group's history across tenant changes", () => {
  it("follows its alerts' moves back to the groups they came from, as far as the caller sees their tenants", async () => {
    const { db, sql } = database;
    const [one] = await sql<{ id: string; name: string }[]>`SELECT id, name FROM clusters WHERE name = 'one'`;
    const idIn = async (namespace: string) => (await sql<{ id: string }[]>`SELECT DISTINCT group_id::text AS id FROM alerts WHERE namespace = ${namespace}`)[0]!.id;
    const redAndBlue = await createCaller(database, "red-blue@example.com", "analyst", ["red", "blue"]);
    const setNamespaces = (slug: string, namespaces: string) => updateTenantNamespaces(db, sql, operatorActor, { slug, namespaces });
    const actions = async (caller: Caller, id: string) => (await getGroup(caller, id)).history.map((event) => `${event.action} by ${event.actor}`);

    // unassigned, then red's, then blue's (blue claims it first; red, older, keeps it until it lets go)
    await storeAlertsLike(sql, one!, [{ namespace: "drifting", exe: "/bin/drifting" }]);
    const unassigned = await idIn("drifting");
    await updateGroups(callers.admin, { ids: [unassigned], set: { status: "resolved", reason: "known" } });
    await addGroupNote(callers.admin, unassigned, { body: "seen on every node" });
    await setNamespaces("red", "*/red,*/red-two,*/drifting");
    const red = await idIn("drifting");
    await updateGroups(callers.redAnalyst, { ids: [red], set: { status: "open" } });
    await setNamespaces("blue", "*/blue,*/drifting");
    await setNamespaces("red", "*/red,*/red-two");
    const blue = await idIn("drifting");

    const moves = await sql`SELECT actor_email AS actor, object_id AS id, before, after FROM audit_events WHERE action = 'group.move' AND object_id IN (${red}, ${blue}) ORDER BY audit_events.id`;
    expect(moves).toEqual([
      { actor: resegmentActor, id: red, before: { group: unassigned, tenantId: null }, after: { group: red, tenantId: tenantIds.red, cluster: "one", namespace: "drifting" } },
      { actor: resegmentActor, id: blue, before: { group: red, tenantId: tenantIds.red }, after: { group: blue, tenantId: tenantIds.blue, cluster: "one", namespace: "drifting" } },
    ]);
    expect(await actions(callers.admin, blue)).toEqual([
      "group.update by admin@example.com",
      "group.note by admin@example.com",
      `group.move by ${resegmentActor}`,
      "group.update by red@example.com",
      `group.move by ${resegmentActor}`,
    ]);
    expect((await getGroup(callers.admin, blue)).history.filter((event) => event.action === "group.move").map((event) => [event.before, event.after])).toEqual([
      [{ group: unassigned, tenant: null }, { group: red, tenant: "red", cluster: "one", namespace: "drifting" }],
      [{ group: red, tenant: "red" }, { group: blue, tenant: "blue", cluster: "one", namespace: "drifting" }],
    ]);
    // red's history but not the unassigned group's, which was for all-tenant people only
    expect(await actions(redAndBlue, blue)).toEqual([`group.move by ${resegmentActor}`, "group.update by red@example.com", `group.move by ${resegmentActor}`]);
    // blue's people see that the group moved, not from where, nor what red's people did
    const { history } = await getGroup(callers.blueAnalyst, blue);
    expect(history.map((event) => [event.action, event.before, event.after])).toEqual([
      ["group.move", null, { group: blue, tenant: "blue", cluster: "one", namespace: "drifting" }],
    ]);
    expect((await rejection(getGroup(callers.redAnalyst, blue))).status).toBe(404);
    await setNamespaces("blue", "*/blue");
  });
});

// Last: its tenant's 10,000 groups would change what the tests above count.
describe("a bulk update at the limit", () => {
  let bulk: Caller;
  let bulkTenant = "";

  beforeAll(async () => {
    bulkTenant = (await createTenant(database.db, database.sql, operatorActor, { slug: "bulk", name: "Bulk", namespaces: "*/bulk" })).tenant.id;
    bulk = await createCaller(database, "bulk@example.com", "analyst", ["bulk"]);
    // groups without alerts: the update reads and changes only the groups
    await database.sql`
      INSERT INTO alert_groups (key, fingerprint, segment, tenant_id, rule, source, identity, count, first_seen, last_seen, max_priority)
      SELECT decode(md5('bulk' || i), 'hex'), decode(md5('bulk' || i), 'hex'), 'tenant', ${bulkTenant}::uuid, 'Bulk rule', 'syscall',
        jsonb_build_object('executable', '/bin/bulk-' || i), 1, now(), now(), 'warning'
      FROM generate_series(1, ${maxGroupsPerUpdate}) i`;
  });

  it("changes as many groups as a filter may match, with one audit row each, in the order of their ids", async () => {
    const result = await updateGroups(bulk, { filter: { tenant: "bulk" }, set: { status: "resolved", reason: "patched" } });
    expect(result).toEqual({ updated: maxGroupsPerUpdate, unchanged: 0, skipped: [] });
    const [written] = await database.sql`
      SELECT count(*)::int AS n,
        array_agg(e.object_id ORDER BY e.id) = array_agg(g.id::text ORDER BY g.id) AS "isInOrder",
        bool_and(e.actor_id = ${bulk.userId} AND e.before = '{"status": "open", "reason": null, "assignee": null}'
          AND e.after = '{"status": "resolved", "reason": "patched", "assignee": null}') AS "isEachRight"
      FROM audit_events e JOIN alert_groups g ON e.object_id = g.id::text
      WHERE e.object_type = 'group' AND g.tenant_id = ${bulkTenant}`;
    expect(written).toEqual({ n: maxGroupsPerUpdate, isInOrder: true, isEachRight: true });
  });

  it("waits for groups another transaction holds, past Prisma's default of 5 s", async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding: Promise<unknown> = Promise.resolve();
    await new Promise<void>((locked) => {
      holding = database.sql.begin(async (tx) => {
        await tx`SELECT 1 FROM alert_groups WHERE tenant_id = ${bulkTenant} ORDER BY key LIMIT 1 FOR UPDATE`;
        locked();
        await released;
      });
    });
    const [result] = await Promise.all([
      updateGroups(bulk, { filter: { tenant: "bulk" }, set: { status: "open" } }),
      new Promise((resolve) => setTimeout(resolve, 6_000)).then(release),
      holding,
    ]);
    expect(result).toEqual({ updated: maxGroupsPerUpdate, unchanged: 0, skipped: [] });
  });

  it("refuses a filter matching one group more, changing nothing", async () => {
    await database.sql`
      INSERT INTO alert_groups (key, fingerprint, segment, tenant_id, rule, source, identity, count, first_seen, last_seen, max_priority)
      VALUES (decode(md5('bulk-extra'), 'hex'), decode(md5('bulk-extra'), 'hex'), 'tenant', ${bulkTenant}::uuid, 'Bulk rule', 'syscall',
        '{"executable": "/bin/bulk-extra"}', 1, now(), now(), 'warning')`;
    const before = await state();
    const refused = await rejection(updateGroups(bulk, { filter: { tenant: "bulk" }, set: { status: "acknowledged" } }));
    expect(refused.message).toBe(`filter: matches more than ${maxGroupsPerUpdate} groups; narrow it`);
    expect(await state()).toEqual(before);
  });
});
