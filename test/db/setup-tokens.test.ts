import { hashPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { checkSetupToken, completeSetup, issueSetupToken, isSetupComplete } from "@/lib/setup/setup-tokens";
import { createUser, deactivateUser } from "@/lib/users/users";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

// The real hasher, watched: setup hashes a password only for a link that works.
vi.mock("better-auth/crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("better-auth/crypto")>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});

let database: TestDatabase;
const from = { ip: "127.0.0.1", userAgent: "test" };
const admin = (email: string) => ({ email, password: "a long administrator password" });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("first access", () => {
  it("gives one administrator to setups racing with two valid links (two replicas starting together)", async () => {
    const first = await issueSetupToken(database.db);
    const firstRow = await database.db.setupToken.findFirstOrThrow();
    const second = await issueSetupToken(database.db);
    // Issuing voids earlier links; replicas issuing at the same moment may not see each other's.
    await database.db.setupToken.create({ data: firstRow });
    expect([await checkSetupToken(database.db, first), await checkSetupToken(database.db, second)]).toEqual(["valid", "valid"]);

    const results = await Promise.allSettled([
      completeSetup(database.db, first, admin("racer-1@example.com"), from),
      completeSetup(database.db, second, admin("racer-2@example.com"), from),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await database.db.user.count({ where: { role: "admin" } })).toBe(1);
    expect(await checkSetupToken(database.db, second)).toBe("complete");
  });

  it("is complete while an active administrator exists, however they were made, and open again without one", async () => {
    await database.sql`DELETE FROM users`;
    expect(await isSetupComplete(database.db)).toBe(false);
    await createUser(database.db, operatorActor, { email: "cli-admin@example.com", role: "admin", allTenants: true, password: "a long administrator password" });
    expect(await isSetupComplete(database.db)).toBe(true);
    const token = await issueSetupToken(database.db);
    expect(await checkSetupToken(database.db, token)).toBe("complete");
    await expect(completeSetup(database.db, token, admin("late@example.com"), from)).rejects.toThrow(/already exists/);

    // Falconry refuses to deactivate its last administrator; should one be lost anyway (the
    // database edited by hand), a setup link gets an operator back in.
    await expect(deactivateUser(database.db, operatorActor, { email: "cli-admin@example.com" })).rejects.toThrow(/at least one active administrator/);
    await database.sql`UPDATE users SET deactivated_at = now()`;
    expect(await isSetupComplete(database.db)).toBe(false);
  });

  it("hashes no password for a link that does not work or once setup is done: anyone may send one", async () => {
    vi.mocked(hashPassword).mockClear();
    await expect(completeSetup(database.db, "not-a-setup-token", admin("guess@example.com"), from)).rejects.toThrow(/does not work/);
    await database.sql`UPDATE users SET deactivated_at = NULL`;
    const late = await issueSetupToken(database.db);
    await expect(completeSetup(database.db, late, admin("late@example.com"), from)).rejects.toThrow(/already exists/);
    expect(hashPassword).not.toHaveBeenCalled();

    await database.sql`UPDATE users SET deactivated_at = now()`;
    await completeSetup(database.db, await issueSetupToken(database.db), admin("back@example.com"), from);
    expect(hashPassword).toHaveBeenCalledOnce();
  });
});
