import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, listAuditEvents, type Actor } from "@/lib/audit/audit";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/* The audit page's filters, over rows as the changes write them. */

let database: TestDatabase;
const actor = (email: string): Actor => ({ id: null, email, ip: null, userAgent: null });

beforeAll(async () => {
  database = await createTestDatabase();
  for (const [email, action] of [
    ["a@example.com", "user.create"],
    ["a_example@example.com", "user.update"],
    ["50%off@example.com", "user_create"],
    ["back\\slash@example.com", "tenant.create"],
  ] as const) {
    await audit(database.db, actor(email), { action, objectType: "user" });
  }
});
afterAll(() => database.drop());

describe("listAuditEvents", () => {
  it("takes the actor's and the action's text literally: % _ and \\ are no wildcards", async () => {
    const actorsOf = async (filter: { actor?: string; action?: string }) =>
      (await listAuditEvents(database.db, filter)).events.map((event) => event.actorEmail).sort();
    expect(await actorsOf({ actor: "a_example" })).toEqual(["a_example@example.com"]);
    expect(await actorsOf({ actor: "A_EXAMPLE" })).toEqual(["a_example@example.com"]);
    expect(await actorsOf({ actor: "%" })).toEqual(["50%off@example.com"]);
    expect(await actorsOf({ actor: "k\\s" })).toEqual(["back\\slash@example.com"]);
    expect(await actorsOf({ action: "user_" })).toEqual(["50%off@example.com"]);
    expect(await actorsOf({ action: "user." })).toEqual(["a@example.com", "a_example@example.com"]);
  });
});
