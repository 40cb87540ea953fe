import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "@/test/helpers/free-port";

export interface FalconryProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Waits until stdout matches, failing early if the process exits. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /**
   * Sends SIGINT to its process group, as Ctrl-C in a terminal does, and waits for the exit code.
   * `isRepeatedByNpm`: SIGINT again 1 ms later, as under `npm start`, which passes it on.
   */
  interrupt(options?: { isRepeatedByNpm?: boolean }): Promise<number | null>;
}

/** Starts `npm start`'s script itself: npm does not reliably pass signals on. */
export function startFalconry(env: Record<string, string | undefined>): FalconryProcess {
  const child = spawn("node", ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, DATABASE_URL: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // a process group of its own, as a terminal gives it
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitForOutput(pattern, timeoutMs = 180_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (hasExited) throw new Error(`Falconry exited before printing ${pattern}:\n${stdout}\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`Falconry did not print ${pattern} in time:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async interrupt(options = {}) {
      if (!hasExited) process.kill(-child.pid!, "SIGINT");
      if (options.isRepeatedByNpm) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (!hasExited) process.kill(-child.pid!, "SIGINT");
      }
      return exited;
    },
  };
}

/** Falconry serving `databaseUrl` on a free local port, once it says it is running. */
export async function startFalconryOn(databaseUrl: string): Promise<{ falconry: FalconryProcess; baseUrl: string }> {
  const port = await freePort();
  const falconry = startFalconry({ DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" });
  await falconry.waitForOutput(/Falconry is running at/);
  return { falconry, baseUrl: `http://127.0.0.1:${port}` };
}
