import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MatchableAlert } from "@/lib/suppressions/matcher";
import { Suppressor } from "@/lib/suppressions/suppressor";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/* The rules ingest holds in memory, reloaded on each change (lib/suppressions/suppressor.ts). */

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const alert: MatchableAlert = {
  rule: "Terminal shell in container",
  priority: "notice",
  source: "syscall",
  hostname: "node-1",
  cluster: "prod",
  namespace: "web",
  tags: [],
  outputFields: {},
};

describe("Suppressor", () => {
  it("judges an alert that waited for an announced reload by its rules, though another reload started meanwhile", async () => {
    const { sql } = database;
    const suppressor = new Suppressor(sql);
    await suppressor.reload();
    // Which of two overlapping reloads finishes first varies: enough rounds see both orders.
    for (let round = 0; round < 20; round++) {
      const [rule] = await sql<[{ id: string }]>`
        INSERT INTO suppression_rules (matchers, all_tenants, tenant_ids, comment, mode, created_by_email)
        VALUES (${sql.json([{ field: "rule", op: "=", value: alert.rule }])}, true, '{}', 'round', 'enforce', 'analyst@example.com')
        RETURNING id::text`;
      void suppressor.reload(); // the saving replica's own listener
      const waiting = suppressor.ready(); // an alert arriving now
      void suppressor.reload(); // the change's NOTIFY, or the next change's
      await waiting;
      expect(suppressor.verdict(alert, null).suppressedBy, `round ${round}`).toBe(rule.id);
      await sql`DELETE FROM suppression_rules`;
      await suppressor.reload();
      expect(suppressor.verdict(alert, null).suppressedBy).toBeNull();
    }
  });
});
