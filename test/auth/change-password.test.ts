import { verifyPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken } from "@/lib/auth/api-tokens";
import { callerFrom } from "@/lib/auth/caller";
import { changePassword } from "@/lib/auth/change-password";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createUser } from "@/lib/users/users";
import { requestFrom, sessionCookie, useAppDatabase } from "@/test/helpers/app-in-process";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

let database: TestDatabase;
let authSecret: string;
let appRole: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ authSecret } = await useAppDatabase(database));
  const [role] = await database.sql<{ name: string }[]>`SELECT name FROM app_role`;
  appRole = role!.name;
});

afterAll(async () => {
  await getDb().$disconnect();
  await database.drop();
});

/** A person given a one-time password, signed in twice (two browsers); the caller is the first. */
async function personWithTwoSessions(email: string) {
  const { user, password } = await createUser(database.db, operatorActor, { email, role: "viewer" });
  await signInWithPassword(getDb(), requestFrom("192.0.2.1"), { email, password });
  await signInWithPassword(getDb(), requestFrom("192.0.2.2"), { email, password });
  const sessions = await database.sql<{ id: string; token: string }[]>`SELECT id, token FROM sessions WHERE user_id = ${user.id} ORDER BY created_at`;
  const cookie = await sessionCookie(sessions[0]!.token, authSecret);
  const caller = (await callerFrom(requestFrom("192.0.2.1", { cookie })))!;
  return { user, oneTimePassword: password!, caller, sessionIds: sessions.map((s) => s.id) };
}

async function stateOf(userId: string) {
  const [row] = await database.sql<{ hash: string; mustChange: boolean; sessions: number; audited: number }[]>`
    SELECT (SELECT password FROM accounts WHERE user_id = u.id AND provider_id = 'credential') AS hash,
      u.must_change_password AS "mustChange",
      (SELECT count(*)::int FROM sessions WHERE user_id = u.id) AS sessions,
      (SELECT count(*)::int FROM audit_events WHERE object_id = u.id::text AND action = 'user.change-password') AS audited
    FROM users u WHERE u.id = ${userId}`;
  return row!;
}

async function refusal(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => expect.fail("expected the change to be refused"),
    (error: unknown) => error,
  );
}

/** Runs `body` with a privilege taken from the app's role in this test's database only. */
async function without(privilege: string, table: string, body: () => Promise<void>) {
  await database.sql.unsafe(`REVOKE ${privilege} ON ${table} FROM "${appRole}"`);
  try {
    await body();
  } finally {
    await database.sql.unsafe(`GRANT ${privilege} ON ${table} TO "${appRole}"`);
  }
}

describe("changing one's password", () => {
  it("sets the new one, clears the one-time flag, ends the other sessions but not this one, revokes the API tokens, and audits it", async () => {
    const { user, oneTimePassword, caller, sessionIds } = await personWithTwoSessions("changer@example.com");
    const { token } = await createApiToken(getDb(), operatorActor, { email: "changer@example.com" });
    expect(await callerFrom(requestFrom("192.0.2.1", { authorization: `Bearer ${token}` }))).not.toBeNull();
    await changePassword(getDb(), caller, { current: oneTimePassword, next: "my very own password" });

    expect(await callerFrom(requestFrom("192.0.2.1", { authorization: `Bearer ${token}` }))).toBeNull();
    const [audited] = await database.sql`SELECT after FROM audit_events WHERE action = 'user.change-password' AND object_id = ${user.id}`;
    expect(audited?.after).toEqual({ apiTokensRevoked: 1 });

    const after = await stateOf(user.id);
    expect(await verifyPassword({ hash: after.hash, password: "my very own password" })).toBe(true);
    expect(after).toMatchObject({ mustChange: false, sessions: 1, audited: 1 });
    expect(await database.sql`SELECT id FROM sessions WHERE user_id = ${user.id}`).toEqual([{ id: sessionIds[0] }]);
  });

  it("refuses a new password equal to the current one, and changes nothing", async () => {
    const { user, oneTimePassword, caller } = await personWithTwoSessions("same@example.com");
    const before = await stateOf(user.id);
    const error = await refusal(changePassword(getDb(), caller, { current: oneTimePassword, next: oneTimePassword }));
    expect(error).toMatchObject({ code: "invalid_input", message: "new password: choose one other than your current password" });
    expect(await stateOf(user.id)).toEqual(before);
  });

  it("says a wrong current password is wrong, and after 5 makes the address wait, even with the right one", async () => {
    const { user, oneTimePassword, caller } = await personWithTwoSessions("guesser@example.com");
    const before = await stateOf(user.id);
    for (let i = 0; i < 5; i++) {
      const error = await refusal(changePassword(getDb(), caller, { current: `guess number ${i}`, next: "a password of mine" }));
      expect(error).toMatchObject({ code: "invalid_input", message: "current: the current password is wrong" });
    }
    const error = await refusal(changePassword(getDb(), caller, { current: oneTimePassword, next: "a password of mine" }));
    expect(error).toMatchObject({ code: "too_many_requests" });
    expect(await stateOf(user.id)).toEqual(before);
    const failures = await database.sql`SELECT actor_email FROM audit_events WHERE action = 'user.change-password.failure' AND object_id = ${user.id}`;
    expect(failures).toEqual(Array(5).fill({ actor_email: "guesser@example.com" }));
  });

  it("writes all of it or none: when the audit row cannot be written, the old password still holds", async () => {
    const { user, oneTimePassword, caller } = await personWithTwoSessions("half-done@example.com");
    const before = await stateOf(user.id);
    await without("INSERT", "audit_events", async () => {
      const error = await refusal(changePassword(getDb(), caller, { current: oneTimePassword, next: "a password of mine" }));
      expect(error).not.toBeInstanceOf(AppError);
      expect(String((error as Error).message)).toMatch(/permission denied for table audit_events/);
    });
    expect(await stateOf(user.id)).toEqual(before);
    expect(await verifyPassword({ hash: before.hash, password: oneTimePassword })).toBe(true);
  });

  it("does not report a database failure as a wrong current password", async () => {
    const { caller, oneTimePassword } = await personWithTwoSessions("db-failure@example.com");
    await without("SELECT", "accounts", async () => {
      const error = await refusal(changePassword(getDb(), caller, { current: oneTimePassword, next: "a password of mine" }));
      expect(error).not.toBeInstanceOf(AppError);
      expect(String((error as Error).message)).toMatch(/permission denied for table accounts/);
    });
  });
});
