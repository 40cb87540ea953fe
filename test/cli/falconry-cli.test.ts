import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

const execFileAsync = promisify(execFile);

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** Runs `npm run falconry -- ...args` as an operator would, without npm in between. */
async function falconry(...args: string[]) {
  try {
    const { stdout, stderr } = await execFileAsync("node", ["--import", "tsx", "scripts/falconry.ts", ...args], {
      env: { ...process.env, DATABASE_URL: database.url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("falconry CLI", () => {
  it("creates a cluster and a token, printing only the token, which is stored hashed", async () => {
    const cluster = await falconry("clusters", "create", "prod-eu-1");
    expect(cluster.code).toBe(0);
    expect(cluster.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);

    const created = await falconry("tokens", "create", "--cluster", "prod-eu-1", "--label", "falcosidekick");
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(created.stdout).toBe(`${token}\n`);
    expect(token).toMatch(/^fry_ingest_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/shown only now/);

    const [row] = await database.sql`SELECT token_hash, hint, label FROM ingest_tokens`;
    expect(row).toEqual({ token_hash: createHash("sha256").update(token).digest("hex"), hint: token.slice(-4), label: "falcosidekick" });

    const listed = await falconry("tokens", "list");
    expect(listed.stdout).toMatch(/prod-eu-1\s+falcosidekick\s+\S{4}\s+\S+\s+never\s+active/);
    expect(listed.stdout).not.toContain(token);
  });

  it("revokes a token by id, and says so when the id is wrong", async () => {
    await falconry("clusters", "create", "revoking");
    const token = (await falconry("tokens", "create", "--cluster", "revoking")).stdout.trim();
    const [row] = await database.sql`SELECT id FROM ingest_tokens WHERE hint = ${token.slice(-4)}`;

    expect(await falconry("tokens", "revoke", row!.id)).toMatchObject({ code: 0, stderr: expect.stringContaining("Revoked") });
    const [revoked] = await database.sql`SELECT revoked_at FROM ingest_tokens WHERE id = ${row!.id}`;
    expect(revoked!.revoked_at).toBeInstanceOf(Date);
    expect((await falconry("tokens", "list")).stdout).toMatch(/revoking.*revoked \d{4}-/);

    expect(await falconry("tokens", "revoke", "not-an-id")).toMatchObject({ code: 1, stderr: "error: id: not a token id\n" });
    expect(await falconry("tokens", "revoke", "00000000-0000-4000-8000-000000000000")).toMatchObject({
      code: 1,
      stderr: "error: id: no ingest token 00000000-0000-4000-8000-000000000000\n",
    });
  });

  it("creates and lists tenants with their namespace patterns", async () => {
    const created = await falconry("tenants", "create", "--slug", "payments", "--name", "Payments team", "--namespaces", "prod-*/payments, */checkout");
    expect(created.code).toBe(0);
    const listed = await falconry("tenants", "list");
    expect(listed.stdout).toMatch(/payments\s+Payments team\s+\*\/checkout,prod-\*\/payments/);
    expect(await falconry("tenants", "set-namespaces", "--slug", "payments", "--namespaces", "prod-*/payments")).toMatchObject({ code: 0 });
    expect((await falconry("tenants", "list")).stdout).toMatch(/payments\s+Payments team\s+prod-\*\/payments\n/);
  });

  it("refuses bad input with a clear message, a non-zero exit and nothing written", async () => {
    const before = await database.sql`SELECT (SELECT count(*) FROM clusters) AS clusters, (SELECT count(*) FROM tenants) AS tenants`;
    const cases = await Promise.all([
      falconry("clusters", "create", "prod/eu"),
      falconry("tokens", "create", "--cluster", "nowhere"),
      falconry("tenants", "create", "--slug", "Bad Slug", "--name", "x", "--namespaces", "*/x"),
      falconry("tenants", "create", "--slug", "ok", "--name", "x", "--namespaces", "payments"),
    ]);
    expect(cases.map((c) => [c.code, c.stdout, c.stderr.trim()])).toEqual([
      [1, "", "error: name: 1-100 letters, digits, dots, dashes or underscores"],
      [1, "", 'error: cluster: no cluster named "nowhere"; create it first with `clusters create nowhere`'],
      [1, "", "error: slug: 1-63 lowercase letters, digits or dashes"],
      [1, "", 'error: namespaces: "payments" is not CLUSTER/NAMESPACE (letters, digits, . _ - and * only), e.g. prod-*/payments'],
    ]);
    expect(await database.sql`SELECT (SELECT count(*) FROM clusters) AS clusters, (SELECT count(*) FROM tenants) AS tenants`).toEqual(before);

    await falconry("clusters", "create", "twice");
    expect(await falconry("clusters", "create", "twice")).toMatchObject({ code: 1, stderr: 'error: name: a cluster named "twice" already exists\n' });
  });

  it("answers usage errors with exit 2 and the usage, before touching the database", async () => {
    const usageErrors = await Promise.all([
      falconry("tokens", "create"),
      falconry("clusters", "create"),
      falconry("clusters", "create", "a", "b"),
      falconry("tenants", "create", "--slug", "x", "--bogus", "y"),
      falconry("launch", "missiles"),
    ]);
    expect(usageErrors.map((c) => [c.code, c.stdout, c.stderr.split("\n")[0]])).toEqual([
      [2, "", "error: --cluster is required."],
      [2, "", "error: expected NAME."],
      [2, "", "error: expected NAME."],
      [2, "", "error: Unknown option '--bogus'."],
      [2, "", 'error: unknown command "launch missiles".'],
    ]);
    expect(usageErrors[0]!.stderr).toContain("Usage: npm run falconry -- <command>");
  });
});
