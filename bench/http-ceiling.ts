import { spawn } from "node:child_process";
import { once } from "node:events";

export interface BareHttpServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts bench/bare-http-server.ts in a process of its own: what node:http alone costs this machine
 * per request, next to which (b) reads as the app's share rather than the machine's speed.
 */
export async function startBareHttpServer(port: number): Promise<BareHttpServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/bare-http-server.ts"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const listening = once(child.stdout, "data");
  const outcome = await Promise.race([listening.then(() => "listening" as const), exited.then(() => "exited" as const)]);
  if (outcome === "exited") throw new Error(`the bare HTTP server exited before it listened (${child.exitCode ?? child.signalCode})`);
  return {
    port,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}
