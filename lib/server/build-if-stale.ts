import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";

// What a production build is made from; a change to any of them calls for a new `next build`.
const buildInputs = ["app", "components", "lib", "proxy.ts", "prisma/schema.prisma", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
// Written once `next build` has succeeded: Next writes its BUILD_ID before the build is done, so a
// build cut short (Ctrl-C during the first start, memory running out) would pass for a finished one.
const built = ".next/falconry-built";

/** Runs `prisma generate` and `next build` when their outputs are missing or older than their inputs. */
export function buildIfStale(log: (line: string) => void): void {
  if (!existsSync("lib/generated/prisma/client.ts") || isOlderThanInputs("lib/generated/prisma/client.ts", ["prisma/schema.prisma"])) {
    log("Generating the Prisma client...");
    run("node", ["node_modules/prisma/build/index.js", "generate"], {
      PRISMA_SCHEMA_ENGINE_BINARY: path.resolve("scripts/schema-engine-stub.sh"),
    });
  }
  if (!existsSync(built) || isOlderThanInputs(built, buildInputs)) {
    log("Building Falconry (first start, or the code changed); this takes a minute...");
    rmSync(built, { force: true });
    const startedAt = new Date();
    run("node", ["node_modules/next/dist/bin/next", "build"], {});
    writeFileSync(built, `${startedAt.toISOString()}\n`);
    utimesSync(built, startedAt, startedAt); // an input changed during the build calls for the next one
  }
}

function isOlderThanInputs(output: string, inputs: string[]): boolean {
  const builtAt = statSync(output).mtimeMs;
  return inputs.some((input) => existsSync(input) && newestChange(input) > builtAt);
}

function newestChange(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) {
    if ((file === "lib" && entry === "generated") || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestChange(path.join(file, entry)));
  }
  return newest;
}

function run(command: string, args: string[], env: Record<string, string>): void {
  // stdout goes to stderr: the start script's own stdout carries only what a person must read.
  const result = spawnSync(command, args, { stdio: ["ignore", 2, 2], env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${args[0]} ${args[1]} failed (exit ${result.status ?? result.signal})`);
}
