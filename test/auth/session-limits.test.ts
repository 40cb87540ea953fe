import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { callerFrom } from "@/lib/auth/caller";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db";
import { createUser } from "@/lib/users/users";
import { requestFrom, sessionCookie, useAppDatabase } from "@/test/helpers/app-in-process";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * A session ends FALCONRY_SESSION_MAX_HOURS (12 by default) after it began, however busy it is,
 * and after FALCONRY_SESSION_IDLE_MINUTES (60) without a request: for every way of signing in.
 */

let database: TestDatabase;
let authSecret: string;
const password = "a password long enough";

beforeAll(async () => {
  database = await createTestDatabase();
  ({ authSecret } = await useAppDatabase(database));
});

afterAll(async () => {
  await getDb().$disconnect();
  await database.drop();
});

async function newUser(email: string) {
  return (await createUser(database.db, operatorActor, { email, role: "viewer", password })).user;
}

/** Signs in through Falconry's sign-in and returns the browser's cookie and the session's id. */
async function signedInWithPassword(email: string) {
  await signInWithPassword(getDb(), requestFrom("192.0.2.1"), { email, password });
  const [session] = await database.sql<{ id: string; token: string }[]>`
    SELECT s.id, s.token FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ${email} ORDER BY s.created_at DESC LIMIT 1`;
  return { id: session!.id, cookie: await sessionCookie(session!.token, authSecret) };
}

/** A session as better-auth creates one at the end of the OpenID Connect round trip. */
async function openIdConnectSession(userId: string) {
  const token = randomBytes(24).toString("base64url");
  const [session] = await database.sql<{ id: string }[]>`
    INSERT INTO sessions (token, user_id, expires_at, ip_address) VALUES (${token}, ${userId}, now() + interval '12 hours', '192.0.2.1')
    RETURNING id`;
  return { id: session!.id, cookie: await sessionCookie(token, authSecret) };
}

async function sessionExists(id: string): Promise<boolean> {
  return (await database.sql`SELECT 1 FROM sessions WHERE id = ${id}`).length === 1;
}

describe("the absolute session limit", () => {
  it("ends a password session 12 hours after sign-in although it was in use a moment ago", async () => {
    await newUser("busy@example.com");
    const { id, cookie } = await signedInWithPassword("busy@example.com");
    expect(await callerFrom(requestFrom("192.0.2.1", { cookie }))).toMatchObject({ email: "busy@example.com", sessionId: id });

    await database.sql`UPDATE sessions SET created_at = now() - interval '12 hours 1 minute', updated_at = now() WHERE id = ${id}`;
    expect(await callerFrom(requestFrom("192.0.2.1", { cookie }))).toBeNull();
    expect(await sessionExists(id)).toBe(false);
  });

  it("ends an OpenID Connect session the same way", async () => {
    const user = await newUser("sso@example.com");
    const { id, cookie } = await openIdConnectSession(user.id);
    expect(await callerFrom(requestFrom("192.0.2.1", { cookie }))).toMatchObject({ email: "sso@example.com", sessionId: id });

    await database.sql`UPDATE sessions SET created_at = now() - interval '12 hours 1 minute', updated_at = now() WHERE id = ${id}`;
    expect(await callerFrom(requestFrom("192.0.2.1", { cookie }))).toBeNull();
    expect(await sessionExists(id)).toBe(false);
  });

  it("leaves a session younger than the limit alone", async () => {
    const { id, cookie } = await signedInWithPassword((await newUser("young@example.com")).email);
    await database.sql`UPDATE sessions SET created_at = now() - interval '11 hours 59 minutes', updated_at = now() WHERE id = ${id}`;
    expect(await callerFrom(requestFrom("192.0.2.1", { cookie }))).toMatchObject({ sessionId: id });
  });
});

describe("the idle limit", () => {
  it("ends a session after 60 minutes without a request", async () => {
    const { id, cookie } = await signedInWithPassword((await newUser("idle@example.com")).email);
    await database.sql`UPDATE sessions SET updated_at = now() - interval '61 minutes' WHERE id = ${id}`;
    expect(await callerFrom(requestFrom("192.0.2.1", { cookie }))).toBeNull();
    expect(await sessionExists(id)).toBe(false);
  });
});
