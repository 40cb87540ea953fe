import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { regressionActor } from "@/lib/ingest/store-alerts";
import { RESEGMENT_LOCK, resegmentAlerts } from "@/lib/tenants/resegment-alerts";
import { createTenant, updateTenantNamespaces } from "@/lib/tenants/tenants";
import { regressionReason } from "@/lib/triage/transitions";
import { createUser } from "@/lib/users/users";
import { removeStoredAlerts, storeAlertsLike } from "@/test/helpers/stored-alerts";
import { waitingOnLocks } from "@/test/helpers/lock-waits";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * What ingest and re-segmentation do to triage: a resolved group that receives a new alert reopens
 * in the ingest statement itself, and moving alerts between tenants carries the triage state along.
 */

let database: TestDatabase;
let cluster: { id: string; name: string };

beforeAll(async () => {
  database = await createTestDatabase();
  cluster = await createCluster(database.db, operatorActor, { name: "triage-ingest" });
  await createTenant(database.db, database.sql, operatorActor, { slug: "pay", name: "Pay", namespaces: "triage-ingest/pay" });
});
afterAll(() => database.drop());
beforeEach(async () => {
  await removeStoredAlerts(database.sql, ["audit_events"]);
});

interface GroupState {
  id: string;
  status: string;
  statusReason: string | null;
  statusChangedAt: Date | null;
  regressedAt: Date | null;
  count: string;
}

async function groups(): Promise<GroupState[]> {
  return database.sql<GroupState[]>`
    SELECT id::text, status::text, status_reason AS "statusReason", status_changed_at AS "statusChangedAt",
      regressed_at AS "regressedAt", count::text
    FROM alert_groups ORDER BY count DESC, id`;
}

async function setStatus(status: string, reason: string) {
  await database.sql`UPDATE alert_groups SET status = ${status}::group_status, status_reason = ${reason}, status_changed_at = now()`;
}

describe("a new alert in a resolved group", () => {
  it("reopens the group, says why, and writes one audit row per reopened group", async () => {
    await storeAlertsLike(database.sql, cluster, [{ namespace: "pay" }, { namespace: "pay", exe: "/bin/other" }]);
    await setStatus("resolved", "patched");
    const before = Date.now();

    // two alerts for the first group, one for the second: each reopens once
    await storeAlertsLike(database.sql, cluster, [{ namespace: "pay" }, { namespace: "pay" }, { namespace: "pay", exe: "/bin/other" }]);
    const after = await groups();
    expect(after).toEqual([
      expect.objectContaining({ status: "open", statusReason: regressionReason, count: "3" }),
      expect.objectContaining({ status: "open", statusReason: regressionReason, count: "2" }),
    ]);
    for (const group of after) {
      expect(group.regressedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(group.statusChangedAt).toEqual(group.regressedAt);
    }
    const audit = await database.sql`
      SELECT actor_id AS "actorId", actor_email AS "actorEmail", action, object_type AS "objectType", object_id AS "objectId", before, after
      FROM audit_events ORDER BY object_id::bigint`;
    expect(audit).toEqual(
      [...after].sort((x, y) => Number(x.id) - Number(y.id)).map((group) => ({
        actorId: null,
        actorEmail: regressionActor,
        action: "group.regress",
        objectType: "group",
        objectId: group.id,
        before: { status: "resolved" },
        after: { status: "open", reason: regressionReason },
      })),
    );
  });

  it("leaves false positives, acknowledged and open groups as they are, and writes no audit row", async () => {
    await storeAlertsLike(database.sql, cluster, [{ namespace: "pay" }]);
    for (const [status, reason] of [["false_positive", "benign"], ["acknowledged", "looking"], ["open", "reopened"]] as const) {
      await setStatus(status, reason);
      const [before] = await groups();
      await storeAlertsLike(database.sql, cluster, [{ namespace: "pay" }]);
      const [after] = await groups();
      expect(after).toEqual({ ...before, count: String(Number(before!.count) + 1) });
    }
    expect(await database.sql`SELECT count(*)::int AS n FROM audit_events`).toEqual([{ n: 0 }]);
  });

  it("does not reopen for a duplicate delivery of an alert already stored", async () => {
    const uuid = "a6e8f3f0-5c5e-4a8e-9d27-3c1f0f1d2b7a";
    await storeAlertsLike(database.sql, cluster, [{ namespace: "pay", uuid }]);
    await setStatus("resolved", "patched");
    await storeAlertsLike(database.sql, cluster, [{ namespace: "pay", uuid }]);
    expect(await groups()).toEqual([expect.objectContaining({ status: "resolved", statusReason: "patched", regressedAt: null, count: "1" })]);
    expect(await database.sql`SELECT count(*)::int AS n FROM audit_events`).toEqual([{ n: 0 }]);
  });
});

describe("re-segmentation", () => {
  it("carries status, reason and notes to the group the alerts move to, and the assignee if they can see it", async () => {
    const { db, sql } = database;
    const tenantOnly = await createUser(db, operatorActor, { email: "only-pay@example.com", role: "analyst", tenants: ["pay"], password: "a long password" });
    const everywhere = await createUser(db, operatorActor, { email: "all@example.com", role: "analyst", allTenants: true, password: "a long password" });
    // two groups in a namespace nobody claims yet
    await storeAlertsLike(sql, cluster, [{ namespace: "moving" }, { namespace: "moving", exe: "/bin/other" }]);
    const [first, second] = await groups();
    await sql`UPDATE alert_groups SET status = 'resolved', status_reason = 'patched', status_changed_at = now(), assignee_id = ${everywhere.user.id} WHERE id = ${first!.id}`;
    await sql`UPDATE alert_groups SET status = 'false_positive', status_reason = 'benign', status_changed_at = now() WHERE id = ${second!.id}`;
    await sql`INSERT INTO group_notes (group_id, author_email, body) VALUES (${first!.id}, 'all@example.com', 'seen before')`;

    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay,triage-ingest/moving" });
    const moved = await sql`
      SELECT g.id::text, t.slug, g.status::text, g.status_reason AS reason, u.email AS assignee,
        (SELECT json_agg(n.body) FROM group_notes n WHERE n.group_id = g.id) AS notes
      FROM alert_groups g LEFT JOIN tenants t ON t.id = g.tenant_id LEFT JOIN users u ON u.id = g.assignee_id ORDER BY g.status`;
    expect(moved).toEqual([
      { id: expect.any(String), slug: "pay", status: "resolved", reason: "patched", assignee: "all@example.com", notes: ["seen before"] },
      { id: expect.any(String), slug: "pay", status: "false_positive", reason: "benign", assignee: null, notes: null },
    ]);
    expect(moved.map((g) => g.id)).not.toContain(first!.id);

    // back to the unassigned bucket: someone who sees one tenant only cannot stay assigned
    await sql`UPDATE alert_groups SET assignee_id = ${tenantOnly.user.id}`;
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay" });
    const back = await sql`
      SELECT g.segment::text, g.status::text, g.assignee_id AS "assigneeId",
        (SELECT count(*)::int FROM group_notes n WHERE n.group_id = g.id) AS notes
      FROM alert_groups g ORDER BY g.status`;
    expect(back).toEqual([
      { segment: "unassigned", status: "resolved", assigneeId: null, notes: 1 },
      { segment: "unassigned", status: "false_positive", assigneeId: null, notes: 0 },
    ]);
  });

  it("keeps a status change that commits while the move waits for the group", async () => {
    const { db, sql } = database;
    await storeAlertsLike(sql, cluster, [{ namespace: "racing" }]);
    const [group] = await groups();
    const person = await sql.reserve();
    try {
      await person`BEGIN`;
      await person`UPDATE alert_groups SET status = 'resolved', status_reason = 'fixed', status_changed_at = now() WHERE id = ${group!.id}`;
      const moving = updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay,triage-ingest/racing" });
      await expect.poll(() => waitingOnLocks(database.sql)).toBe(1); // the move waits for the person's row lock
      await person`COMMIT`;
      expect((await moving).movedAlerts).toBe(1);
    } finally {
      person.release();
    }
    expect(await groups()).toEqual([expect.objectContaining({ status: "resolved", statusReason: "fixed" })]);
    expect((await groups())[0]!.id).not.toBe(group!.id);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay" });
  });

  it("carries the assignee only as a change to that person that commits meanwhile leaves them", async () => {
    const { db, sql } = database;
    const { user } = await createUser(db, operatorActor, { email: "narrowing@example.com", role: "analyst", allTenants: true, password: "a long password" });
    await storeAlertsLike(sql, cluster, [{ namespace: "drifting" }]);
    await sql`UPDATE alert_groups SET assignee_id = ${user.id}`;
    const admin = await sql.reserve();
    try {
      // as updateUser holds the person while it takes their tenants away and unassigns them
      await admin`BEGIN`;
      await admin`SELECT FROM users WHERE id = ${user.id} FOR NO KEY UPDATE`;
      await admin`UPDATE users SET all_tenants = false WHERE id = ${user.id}`;
      const moving = updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay,triage-ingest/drifting" });
      await expect.poll(() => waitingOnLocks(database.sql)).toBe(1); // the move waits for the person
      await admin`COMMIT`;
      expect((await moving).movedAlerts).toBe(1);
    } finally {
      await admin`ROLLBACK`; // a no-op once committed
      admin.release();
    }
    expect(await sql`SELECT segment::text, assignee_id AS "assigneeId" FROM alert_groups`).toEqual([{ segment: "tenant", assigneeId: null }]);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay" });
  });

  it("moves an alert stored under a replica's old patterns after the change's own pass, though newer alerts have the new tenant", async () => {
    const { db, sql } = database;
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay,triage-ingest/straggling" });
    await storeAlertsLike(sql, cluster, [{ namespace: "straggling" }]);
    // as a replica that has not loaded the change yet: its alert goes to the unassigned bucket
    await sql`DELETE FROM tenant_namespaces WHERE namespace_pattern = 'straggling'`;
    await storeAlertsLike(sql, cluster, [{ namespace: "straggling", exe: "/bin/late" }]);
    const [pay] = await sql<{ id: string }[]>`SELECT id FROM tenants WHERE slug = 'pay'`;
    await sql`INSERT INTO tenant_namespaces (tenant_id, cluster_pattern, namespace_pattern) VALUES (${pay!.id}, 'triage-ingest', 'straggling')`;
    await storeAlertsLike(sql, cluster, [{ namespace: "straggling" }]); // the namespace's newest alert: pay's

    expect(await resegmentAlerts(sql)).toBe(1);
    expect(await sql`SELECT DISTINCT tenant_id AS "tenantId" FROM alerts`).toEqual([{ tenantId: pay!.id }]);
    expect(await sql`SELECT tenant_id AS "tenantId", has_misplaced_alerts AS "hasMisplacedAlerts" FROM cluster_namespaces`).toEqual([
      { tenantId: pay!.id, hasMisplacedAlerts: false },
    ]);
    expect(await resegmentAlerts(sql)).toBe(0);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay" });
  });

  it("leaves the namespace marked when alerts arrived while it moved them, for the next run to check", async () => {
    const { db, sql } = database;
    await storeAlertsLike(sql, cluster, [{ namespace: "arriving" }]);
    const [pay] = await sql<{ id: string }[]>`SELECT id FROM tenants WHERE slug = 'pay'`;
    await sql`INSERT INTO tenant_namespaces (tenant_id, cluster_pattern, namespace_pattern) VALUES (${pay!.id}, 'triage-ingest', 'arriving')`;
    const ingest = await sql.reserve();
    try {
      // as ingest's upsert of an alert prepared with the old patterns, stored in a group the run did not choose
      await ingest`BEGIN`;
      await ingest`UPDATE cluster_namespaces SET alert_count = alert_count + 1, tenant_id = NULL, has_misplaced_alerts = true WHERE namespace = 'arriving'`;
      const moving = resegmentAlerts(sql);
      await expect.poll(() => waitingOnLocks(database.sql)).toBe(1);
      await ingest`COMMIT`;
      expect(await moving).toBe(1);
    } finally {
      await ingest`ROLLBACK`; // a no-op once committed
      ingest.release();
    }
    expect(await sql`SELECT tenant_id AS "tenantId", has_misplaced_alerts AS "hasMisplacedAlerts" FROM cluster_namespaces`).toEqual([
      { tenantId: pay!.id, hasMisplacedAlerts: true },
    ]);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay" });
  });

  it("decides each move on the patterns of its time, so a run that read older ones undoes nothing", async () => {
    const { sql } = database;
    await storeAlertsLike(sql, cluster, [{ namespace: "stale" }]);
    const [pay] = await sql<{ id: string }[]>`SELECT id FROM tenants WHERE slug = 'pay'`;
    const lock = await sql.reserve();
    try {
      await lock`BEGIN`;
      await lock`SELECT pg_advisory_xact_lock(${RESEGMENT_LOCK})`; // as a run that is moving namespaces
      await sql`INSERT INTO tenant_namespaces (tenant_id, cluster_pattern, namespace_pattern) VALUES (${pay!.id}, 'triage-ingest', 'stale')`;
      const late = resegmentAlerts(sql); // reads the patterns that give "stale" to pay, then waits
      await expect.poll(() => waitingOnLocks(database.sql)).toBe(1);
      await sql`DELETE FROM tenant_namespaces WHERE namespace_pattern = 'stale'`;
      await lock`COMMIT`;
      expect(await late).toBe(0);
    } finally {
      lock.release();
    }
    expect(await sql`SELECT DISTINCT tenant_id FROM alerts`).toEqual([{ tenant_id: null }]);
  });

  it("gives a group's triage state to the twin ingest made with the new patterns before the move ran, reopening a resolved one as ingest would", async () => {
    const { db, sql } = database;
    await storeAlertsLike(sql, cluster, [{ namespace: "racing" }, { namespace: "racing", exe: "/bin/other" }]);
    const [first, second] = await groups();
    await sql`UPDATE alert_groups SET status = 'false_positive', status_reason = 'known noisy', status_changed_at = now() WHERE id = ${first!.id}`;
    await sql`UPDATE alert_groups SET status = 'resolved', status_reason = 'patched', status_changed_at = now() WHERE id = ${second!.id}`;
    // the patterns change, and ingest stores with them before the move has run
    const [pay] = await sql<{ id: string }[]>`SELECT id FROM tenants WHERE slug = 'pay'`;
    await sql`INSERT INTO tenant_namespaces (tenant_id, cluster_pattern, namespace_pattern) VALUES (${pay!.id}, 'triage-ingest', 'racing')`;
    await storeAlertsLike(sql, cluster, [{ namespace: "racing" }, { namespace: "racing", exe: "/bin/other" }]);

    expect(await resegmentAlerts(sql)).toBe(2);
    const after = await sql`SELECT segment::text, status::text, status_reason AS reason, count::int FROM alert_groups ORDER BY status_reason`;
    expect(after).toEqual([
      { segment: "tenant", status: "false_positive", reason: "known noisy", count: 2 },
      { segment: "tenant", status: "open", reason: regressionReason, count: 2 },
    ]);
    expect(await sql`SELECT actor_email AS actor, action FROM audit_events WHERE action = 'group.regress'`).toEqual([{ actor: regressionActor, action: "group.regress" }]);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay" });
  });

  it("keeps the state of a group that already existed where the alerts move to", async () => {
    const { db, sql } = database;
    await storeAlertsLike(sql, cluster, [{ namespace: "pay" }]);
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay,triage-ingest/joining" });
    await storeAlertsLike(sql, cluster, [{ namespace: "pay" }]);
    // the same thing, seen in a namespace that goes to the unassigned bucket, and acknowledged there
    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay" });
    await storeAlertsLike(sql, cluster, [{ namespace: "joining" }]);
    await sql`UPDATE alert_groups SET status = 'acknowledged' WHERE segment = 'unassigned'`;
    await sql`UPDATE alert_groups SET status = 'resolved', status_reason = 'patched' WHERE segment = 'tenant'`;

    await updateTenantNamespaces(db, sql, operatorActor, { slug: "pay", namespaces: "triage-ingest/pay,triage-ingest/joining" });
    expect(await sql`SELECT segment::text, status::text, status_reason AS reason, count::int FROM alert_groups`).toEqual([
      { segment: "tenant", status: "resolved", reason: "patched", count: 3 },
    ]);
  });
});
