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

  it("refuses a token label with control characters, which would reach an operator's terminal raw", async () => {
    await falconry("clusters", "create", "labelled");
    const refused = await Promise.all([
      falconry("tokens", "create", "--cluster", "labelled", "--label", "nightly\nforged-row"),
      falconry("api-tokens", "create", "--email", "nobody@example.com", "--label", "\x1b[2Jclean"),
    ]);
    expect(refused.map((c) => [c.code, c.stdout, c.stderr])).toEqual(
      Array(2).fill([1, "", "error: label: no control characters (line breaks, tabs, escapes)\n"]),
    );
    expect(await database.sql`SELECT count(*)::int AS n FROM ingest_tokens t JOIN clusters c ON c.id = t.cluster_id WHERE c.name = 'labelled'`).toEqual([{ n: 0 }]);
  });

  it("says in one line why the database refused a write it was not expected to refuse, with exit code 1", async () => {
    await database.sql.unsafe(`
      CREATE FUNCTION refuse_in_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by a test trigger'; END $$;
      CREATE TRIGGER refuse_in_test BEFORE INSERT ON clusters FOR EACH ROW WHEN (NEW.name = 'refused') EXECUTE FUNCTION refuse_in_test();`);
    expect(await falconry("clusters", "create", "refused")).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: Database error. Code: `P0001`. Message: `refused by a test trigger`\n",
    });
  });

  it("answers usage errors with exit 2 and the usage, before touching the database", async () => {
    const usageErrors = await Promise.all([
      falconry("tokens", "create"),
      falconry("clusters", "create"),
      falconry("clusters", "create", "a", "b"),
      falconry("tenants", "create", "--slug", "x", "--bogus", "y"),
      falconry("launch", "missiles"),
      falconry("tokens", "create", "--cluster", "a", "--cluster", "b"),
    ]);
    expect(usageErrors.map((c) => [c.code, c.stdout, c.stderr.split("\n")[0]])).toEqual([
      [2, "", "error: --cluster is required."],
      [2, "", "error: expected NAME."],
      [2, "", "error: expected NAME."],
      [2, "", "error: Unknown option '--bogus'."],
      [2, "", 'error: unknown command "launch missiles".'],
      [2, "", "error: --cluster is given more than once."],
    ]);
    expect(usageErrors[0]!.stderr).toContain("Usage: npm run falconry -- <command>");
  });

  it("prints the usage on stdout when asked for it, and on stderr with exit 2 when there is no command", async () => {
    const [asked, none] = await Promise.all([falconry("--help"), falconry()]);
    expect(asked).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: npm run falconry -- <command>/), stderr: "" });
    expect(none).toMatchObject({ code: 2, stdout: "", stderr: asked.stdout });
  });

  it("gives every tenant only when --tenants is left out: an empty list, or one for an admin, is a usage error", async () => {
    const usageErrors = await Promise.all([
      ...["", " ", ","].map((tenants) => falconry("users", "create", "--email", "empty@example.com", "--role", "viewer", "--tenants", tenants)),
      falconry("users", "create", "--email", "boss@example.com", "--role", "admin", "--tenants", "payments"),
    ]);
    expect(usageErrors.map((c) => [c.code, c.stdout, c.stderr.split("\n")[0]])).toEqual([
      ...Array(3).fill([2, "", "error: --tenants names no tenant; leave it out for every tenant."]),
      [2, "", "error: --tenants does not apply to --role admin, who sees every tenant."],
    ]);
    expect(await database.sql`SELECT email FROM users WHERE email IN ('empty@example.com', 'boss@example.com')`).toEqual([]);
  });

  it("creates people with a one-time password, lists and deactivates them, and makes API tokens; all audited", async () => {
    await falconry("tenants", "create", "--slug", "cli-a", "--name", "CLI A", "--namespaces", "*/cli-a");
    const created = await falconry("users", "create", "--email", "Ana@Example.com", "--role", "analyst", "--tenants", "cli-a");
    expect(created.code).toBe(0);
    const password = created.stdout.trim();
    expect(created.stdout).toBe(`${password}\n`);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const [account] = await database.sql`
      SELECT u.email, u.role, u.all_tenants, u.must_change_password, a.password
      FROM users u JOIN accounts a ON a.user_id = u.id AND a.provider_id = 'credential' AND a.account_id = u.id::text`;
    expect(account).toMatchObject({ email: "ana@example.com", role: "analyst", all_tenants: false, must_change_password: true });
    expect(account!.password).not.toContain(password);

    expect((await falconry("users", "create", "--email", "ana@example.com", "--role", "viewer")).stderr).toBe(
      "error: email: ana@example.com already has an account\n",
    );
    expect((await falconry("users", "create", "--email", "bo@example.com", "--role", "root")).stderr).toMatch(/^error: role: must be one of admin, analyst, viewer/);
    expect((await falconry("users", "create", "--email", "bo@example.com", "--role", "viewer", "--tenants", "nope")).stderr).toBe(
      "error: tenants: no tenant nope\n",
    );

    const token = await falconry("api-tokens", "create", "--email", "ana@example.com");
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^fry_api_[A-Za-z0-9_-]{43}\n$/);
    const second = await falconry("api-tokens", "create", "--email", "ana@example.com", "--label", "nightly");
    const listed = (await falconry("api-tokens", "list", "--email", "ana@example.com")).stdout;
    expect(listed).not.toContain(token.stdout.trim());
    const nightly = listed.split("\n").find((line) => line.includes("nightly"));
    expect(nightly).toMatch(new RegExp(`ana@example\\.com\\s+nightly\\s+${second.stdout.trim().slice(-4)}\\s+never\\s+active`));
    const nightlyId = nightly!.split(/\s+/)[0]!;
    expect((await falconry("api-tokens", "revoke", nightlyId)).code).toBe(0);
    expect((await falconry("api-tokens", "list")).stdout).toMatch(new RegExp(`${nightlyId}.*revoked`));
    expect((await falconry("api-tokens", "revoke", "not-an-id")).stderr).toBe("error: id: not a token id\n");

    expect((await falconry("users", "list")).stdout).toMatch(/ana@example\.com\s+analyst\s+cli-a\s+active/);
    expect((await falconry("users", "deactivate", "--email", "ana@example.com")).code).toBe(0);
    expect((await falconry("users", "list")).stdout).toMatch(/ana@example\.com\s+analyst\s+cli-a\s+deactivated/);
    const [revoked] = await database.sql`SELECT count(*)::int AS n FROM api_tokens WHERE revoked_at IS NULL`;
    expect(revoked).toEqual({ n: 0 });

    const audited = await database.sql`SELECT action, actor_email FROM audit_events WHERE action LIKE 'user.%' OR action LIKE 'api-token.%' ORDER BY id`;
    expect(audited).toEqual([
      { action: "user.create", actor_email: "operator (command line)" },
      { action: "api-token.create", actor_email: "operator (command line)" },
      { action: "api-token.create", actor_email: "operator (command line)" },
      { action: "api-token.revoke", actor_email: "operator (command line)" },
      { action: "user.deactivate", actor_email: "operator (command line)" },
    ]);
    // a dozen commands, each a Node process (about 2 s apiece alone, 22 s in all): more when the
    // other test files run beside it
  }, 90_000);
});

describe("npm run db:migrate", () => {
  /** Runs `npm run db:migrate` without npm in between. */
  async function migrate(env: Record<string, string>) {
    try {
      const { stderr } = await execFileAsync("node", ["--import", "tsx", "scripts/migrate.ts"], { env: { ...process.env, ...env } });
      return { code: 0, stderr };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, stderr: failed.stderr };
    }
  }

  it("says the database is up to date, and fails in one line, with exit code 1, when it cannot migrate", async () => {
    expect(await migrate({ DATABASE_URL: database.url })).toEqual({ code: 0, stderr: "The database is up to date.\n" });
    const missing = new URL(database.url);
    missing.pathname = "/falconry_no_such_database";
    expect(await migrate({ DATABASE_URL: missing.toString() })).toEqual({ code: 1, stderr: expect.stringMatching(/^error: .*no database "falconry_no_such_database".*\n$/) });
    expect(await migrate({ DATABASE_URL: database.url, PORT: "abc" })).toEqual({ code: 1, stderr: "error: Environment variable PORT: Invalid input: expected number, received NaN\n" });
  });
});
