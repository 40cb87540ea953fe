import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changingConfig, listenForConfigChanges, type ConfigChange } from "@/lib/db/config-changes";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("config changes", () => {
  it("reach this process's listener before the change's author is answered, and every replica's once notified", async () => {
    const heard: ConfigChange[] = [];
    const unlisten = await listenForConfigChanges(database.sql, (change) => heard.push(change));
    heard.length = 0; // what a (re)established listener hears at first
    try {
      await changingConfig("suppressions", (notify) => database.db.$transaction((tx) => notify(tx)));
      // Heard here before the author is answered; PostgreSQL's notification, heard too, may come
      // before or after (on a busy machine it has come first).
      expect(heard).toContain("suppressions");
      await expect.poll(() => heard).toEqual(["suppressions", "suppressions"]);
    } finally {
      await unlisten();
    }
    await changingConfig("tokens", async () => {});
    expect(heard).not.toContain("tokens");
  });

  it("are not applied when the transaction fails", async () => {
    const heard: ConfigChange[] = [];
    const unlisten = await listenForConfigChanges(database.sql, (change) => heard.push(change));
    heard.length = 0;
    try {
      await expect(changingConfig("tenants", () => Promise.reject(new Error("rolled back")))).rejects.toThrow("rolled back");
      expect(heard).toEqual([]);
    } finally {
      await unlisten();
    }
  });
});
