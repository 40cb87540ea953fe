import { verifyPassword } from "better-auth/crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createUser, deactivateUser } from "@/lib/users/users";
import { requestFrom, useAppDatabase } from "@/test/helpers/app-in-process";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

// The real hasher, watched: which passwords sign-in checks, and against what.
vi.mock("better-auth/crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("better-auth/crypto")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

let database: TestDatabase;
const password = "the right password";

beforeAll(async () => {
  database = await createTestDatabase();
  await useAppDatabase(database);
});

afterAll(async () => {
  await getDb().$disconnect();
  await database.drop();
});

async function newUser(email: string) {
  return (await createUser(database.db, operatorActor, { email, role: "viewer", password })).user;
}

/** How a sign-in ended: "signed in", or the code of the AppError it was refused with. */
async function signIn(email: string, secret: string, ip: string): Promise<string> {
  try {
    await signInWithPassword(getDb(), requestFrom(ip), { email, password: secret });
    return "signed in";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

describe("sign-in throttling per account and address", () => {
  it("after 5 failures makes that address wait, even with the right password, while another address gets in", async () => {
    await newUser("pair@example.com");
    for (let i = 0; i < 5; i++) expect(await signIn("pair@example.com", "a wrong guess", "198.51.100.1")).toBe("unauthorized");
    expect(await signIn("pair@example.com", password, "198.51.100.1")).toBe("too_many_requests");
    expect(await signIn("pair@example.com", password, "198.51.100.2")).toBe("signed in");
  });

  it("counts an IPv6 /64 as one address, so rotating within it buys no more guesses", async () => {
    await newUser("rotating@example.com");
    for (let i = 1; i <= 5; i++) expect(await signIn("rotating@example.com", "a wrong guess", `2001:db8:5:6::${i}`)).toBe("unauthorized");
    expect(await signIn("rotating@example.com", password, "2001:db8:5:6::99")).toBe("too_many_requests");
    expect(await signIn("rotating@example.com", password, "2001:db8:5:7::1")).toBe("signed in");
  });

  it("counts guesses sent at once: twelve in parallel get at most five answers", async () => {
    await newUser("parallel@example.com");
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => signIn("parallel@example.com", "a wrong guess", "198.51.100.3")));
    expect(tally(outcomes).unauthorized ?? 0).toBeLessThanOrEqual(5);
    expect(tally(outcomes).too_many_requests).toBeGreaterThanOrEqual(7);
    // what counts against the address is the guesses that were checked, no more
    const [row] = await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sign_in_failures WHERE email = 'parallel@example.com'`;
    expect(row?.n).toBe(tally(outcomes).unauthorized ?? 0);
  });

  it("forgets an address's failures for the account once the right password comes from it", async () => {
    await newUser("typo@example.com");
    for (let i = 0; i < 4; i++) await signIn("typo@example.com", "a typo", "198.51.100.4");
    expect(await signIn("typo@example.com", password, "198.51.100.4")).toBe("signed in");
    for (let i = 0; i < 5; i++) expect(await signIn("typo@example.com", "a typo", "198.51.100.4")).toBe("unauthorized");
    const [row] = await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sign_in_failures WHERE email = 'typo@example.com'`;
    expect(row?.n).toBe(5);
  });
});

describe("sign-in throttling per account, across addresses", () => {
  /** Twenty wrong guesses for `email`, each from an address of its own, all at once. */
  async function guessFromManyAddresses(email: string, network: number) {
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(email, "a wrong guess", `10.${network}.0.${i + 1}`)));
    expect(tally(outcomes)).toEqual({ unauthorized: 20 });
  }

  it("after 20 failures refuses addresses the person never signed in from, and still lets them in from theirs", async () => {
    await newUser("target@example.com");
    expect(await signIn("target@example.com", password, "192.0.2.10")).toBe("signed in");

    await guessFromManyAddresses("target@example.com", 1);
    // the attacker's next address is refused, right password or not
    expect(await signIn("target@example.com", password, "10.1.1.1")).toBe("too_many_requests");
    expect(await signIn("target@example.com", "another guess", "10.1.1.2")).toBe("too_many_requests");
    // the person, from where they signed in before, is not
    expect(await signIn("target@example.com", "their own typo", "192.0.2.10")).toBe("unauthorized");
    expect(await signIn("target@example.com", password, "192.0.2.10")).toBe("signed in");
  });

  it("knows the person's IPv6 network after their address rotated within its /64", async () => {
    await newUser("rotated@example.com");
    expect(await signIn("rotated@example.com", password, "2001:db8:77:1::a")).toBe("signed in");
    await guessFromManyAddresses("rotated@example.com", 7);
    expect(await signIn("rotated@example.com", password, "2001:db8:77:2::a")).toBe("too_many_requests");
    expect(await signIn("rotated@example.com", password, "2001:db8:77:1:9:9:9:9")).toBe("signed in");
  });

  it("treats an address last signed in from more than 90 days ago as new", async () => {
    const user = await newUser("returning@example.com");
    expect(await signIn("returning@example.com", password, "192.0.2.11")).toBe("signed in");
    await database.sql`UPDATE audit_events SET at = now() - interval '91 days' WHERE actor_id = ${user.id} AND action = 'sign-in'`;

    await guessFromManyAddresses("returning@example.com", 2);
    expect(await signIn("returning@example.com", password, "192.0.2.11")).toBe("too_many_requests");
  });

  it("refuses every address for an email nobody has, as for an account under attack", async () => {
    await guessFromManyAddresses("nobody@example.com", 3);
    expect(await signIn("nobody@example.com", "a wrong guess", "10.3.1.1")).toBe("too_many_requests");
  });
});

describe("sign-in answers take as long whether or not the account exists", () => {
  beforeEach(() => {
    vi.mocked(verifyPassword).mockClear();
  });

  it("checks the password against a real hash for an email nobody has", async () => {
    expect(await signIn("unknown@example.com", "some password", "198.51.100.20")).toBe("unauthorized");
    expect(verifyPassword).toHaveBeenCalledOnce();
    expect(verifyPassword).toHaveBeenCalledWith({ hash: expect.stringMatching(/^[0-9a-f]{32}:[0-9a-f]{128}$/), password: "some password" });
  });

  it("and for a deactivated person", async () => {
    await newUser("gone@example.com");
    await deactivateUser(database.db, operatorActor, { email: "gone@example.com" });
    expect(await signIn("gone@example.com", password, "198.51.100.21")).toBe("unauthorized");
    expect(verifyPassword).toHaveBeenCalledOnce();
  });
});
