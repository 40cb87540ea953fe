import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildIfStale } from "@/lib/server/build-if-stale";

// A stand-in for `next build` that writes its BUILD_ID first, as Next does, counts its runs, and
// fails when told to.
const fakeNext = `
const fs = require("node:fs");
fs.mkdirSync(".next", { recursive: true });
fs.writeFileSync(".next/BUILD_ID", "x");
fs.appendFileSync("builds", "1");
process.exit(process.env.FAKE_BUILD_FAILS ? 1 : 0);
`;

function writeAt(file: string, text: string, at: Date): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, at, at);
}

describe("buildIfStale", () => {
  it("builds again after a build that failed once Next had written its BUILD_ID, and not after one that succeeded", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "falconry-build-"));
    const cwd = process.cwd();
    const past = new Date(Date.now() - 60_000);
    writeAt(path.join(dir, "prisma/schema.prisma"), "", past);
    writeAt(path.join(dir, "lib/generated/prisma/client.ts"), "", new Date());
    writeAt(path.join(dir, "app/page.tsx"), "", past);
    writeAt(path.join(dir, "node_modules/next/dist/bin/next"), fakeNext, past);
    process.chdir(dir);
    try {
      process.env.FAKE_BUILD_FAILS = "1";
      expect(() => buildIfStale(() => {})).toThrow("next build failed (exit 1)");
      delete process.env.FAKE_BUILD_FAILS;
      buildIfStale(() => {});
      buildIfStale(() => {});
      expect(readFileSync("builds", "utf8")).toBe("11");
    } finally {
      delete process.env.FAKE_BUILD_FAILS;
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
