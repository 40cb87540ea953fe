import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createApiToken } from "@/lib/auth/api-tokens";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db";
import { createUser } from "@/lib/users/users";
import { requestFrom, sessionCookie, useAppDatabase } from "@/test/helpers/app-in-process";
import { startFalconryOn, type FalconryProcess } from "@/test/helpers/falconry-process";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * Someone signed in with a one-time password must choose their own before anything else: pages
 * send them to /account, and the API refuses their browser session. Their personal API tokens,
 * which they made themselves, keep working.
 */

let database: TestDatabase;
let falconry: FalconryProcess;
let baseUrl: string;
let cookie: string;
let token: string;
const email = "newcomer@example.com";

beforeAll(async () => {
  database = await createTestDatabase();
  const { authSecret } = await useAppDatabase(database);
  const { password } = await createUser(database.db, operatorActor, { email, role: "viewer" });
  // Signed in here, through Falconry's own sign-in; the server below shares the database and secret.
  await signInWithPassword(getDb(), requestFrom("192.0.2.1"), { email, password });
  const [session] = await database.sql<{ token: string }[]>`SELECT token FROM sessions`;
  cookie = await sessionCookie(session!.token, authSecret);
  token = (await createApiToken(database.db, operatorActor, { email })).token;

  ({ falconry, baseUrl } = await startFalconryOn(database.url));
}, 240_000);

afterAll(async () => {
  await falconry?.interrupt();
  await getDb().$disconnect();
  await database?.drop();
});

describe("a browser signed in with a one-time password", () => {
  it("is refused by the API with what to do, while the person's API token works", async () => {
    const refused = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "password: choose a new password at /account first" });

    const withToken = await fetch(`${baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(withToken.status).toBe(200);
  });

  it("is let through once the person has chosen their own password", async () => {
    await database.sql`UPDATE users SET must_change_password = false WHERE email = ${email}`;
    const answer = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ email });
  });
});
