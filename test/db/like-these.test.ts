import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import type { Caller } from "@/lib/auth/caller";
import { createCluster } from "@/lib/clusters/clusters";
import { readGroupSamples, readLikeThese } from "@/lib/suppressions/read-like-these";
import { createTenant } from "@/lib/tenants/tenants";
import { useAppDatabase } from "@/test/helpers/app-in-process";
import { createCaller } from "@/test/helpers/callers";
import { storeAlertsLike } from "@/test/helpers/stored-alerts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";
import { rejection } from "@/test/helpers/thrown-app-error";

/* What "Suppress like these" reads of the chosen groups: one query, under the person's scope. */

let database: TestDatabase;
const callers = {} as Record<"redAnalyst" | "admin", Caller>;
/** Group ids by executable. */
const groupIds: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  await useAppDatabase(database);
  const { db, sql } = database;
  await createTenant(db, sql, operatorActor, { slug: "red", name: "Red", namespaces: "*/red,*/red-two" });
  await createTenant(db, sql, operatorActor, { slug: "blue", name: "Blue", namespaces: "*/blue" });
  callers.redAnalyst = await createCaller(database, "red@example.com", "analyst", ["red"]);
  callers.admin = await createCaller(database, "admin@example.com", "admin", []);
  const cluster = await createCluster(db, operatorActor, { name: "one" });
  await storeAlertsLike(sql, cluster, [
    { namespace: "red", exe: "/bin/cat", time: "2026-11-25T10:00:00Z", fields: { "proc.name": "cat" } },
    // the newest alert of the group: its namespace and fields are the sample's
    { namespace: "red-two", exe: "/bin/cat", time: "2026-11-25T11:00:00Z", fields: { "proc.name": 42 } },
    { namespace: "red", exe: "/bin/sh", rule: "Shell", time: "2026-11-25T10:00:00Z", fields: { "proc.name": "sh" } },
    { namespace: "red", exe: "/bin/many", time: "2026-11-25T10:00:00Z", fields: { "proc.name": ["sh", "bash"] } },
    { namespace: "blue", exe: "/bin/blue", time: "2026-11-25T10:00:00Z" },
    { namespace: "nobody-claims", exe: "/bin/stray", time: "2026-11-25T10:00:00Z" },
  ]);
  const rows = await sql<{ id: string; exe: string }[]>`SELECT id::text, identity->>'executable' AS exe FROM alert_groups`;
  for (const row of rows) groupIds[row.exe.replace("/bin/", "")] = row.id;
}, 120_000);

afterAll(async () => {
  await database.drop();
});

describe("readGroupSamples", () => {
  it("reads each group with its newest alert's namespace and fields, as text, in the order asked", async () => {
    const samples = await readGroupSamples(callers.redAnalyst, [groupIds.sh!, groupIds.cat!]);
    expect(samples).toEqual([
      {
        rule: "Shell",
        tenant: "red",
        namespace: "red",
        identity: expect.objectContaining({ executable: "/bin/sh" }),
        outputFields: expect.objectContaining({ "proc.name": "sh", "proc.exepath": "/bin/sh" }),
      },
      {
        rule: expect.any(String),
        tenant: "red",
        namespace: "red-two",
        identity: expect.objectContaining({ executable: "/bin/cat" }),
        outputFields: expect.objectContaining({ "proc.exepath": "/bin/cat", "proc.name": "42" }),
      },
    ]);
  });

  it("takes no value from a field holding several", async () => {
    const [sample] = await readGroupSamples(callers.redAnalyst, [groupIds.many!]);
    expect(sample?.outputFields).toEqual(expect.objectContaining({ "proc.exepath": "/bin/many", "proc.name": null }));
  });

  it("answers another tenant's group, one that does not exist and an id out of range alike: no such group", async () => {
    for (const id of [groupIds.blue!, "999999", "9223372036854775808", "cat"]) {
      const error = await rejection(readGroupSamples(callers.redAnalyst, [groupIds.cat!, id]));
      expect([error.code, error.message]).toEqual(["not_found", `groups: no group "${id}"`]);
    }
    await expect(readGroupSamples(callers.admin, [groupIds.blue!])).resolves.toEqual([expect.objectContaining({ tenant: "blue", namespace: "blue" })]);
  });
});

describe("readLikeThese", () => {
  it("drafts a rule for all tenants from a group of none, for an admin; to an analyst it is no group", async () => {
    const forAdmin = await readLikeThese(callers.admin, [groupIds.stray!, groupIds.sh!]);
    expect(forAdmin).toEqual({ groups: 2, draft: expect.objectContaining({ tenants: "all" }) });
    expect(await readLikeThese(callers.redAnalyst, [groupIds.sh!, groupIds.stray!])).toEqual({ error: `groups: no group "${groupIds.stray}"` });
    expect(await readLikeThese(callers.redAnalyst, [groupIds.sh!])).toEqual({
      groups: 1,
      draft: expect.objectContaining({ matchers: expect.arrayContaining([{ field: "rule", op: "=", value: "Shell" }]), tenants: ["red"] }),
    });
  });
});
