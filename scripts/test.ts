// `npm test`: every test — unit, database, API, CLI and start (vitest), then browser (Playwright) —
// against a production build made once here, ending with one "N passed, N failed" line.
import "@/lib/server/no-telemetry";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIfStale } from "@/lib/server/build-if-stale";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const reports = mkdtempSync(path.join(os.tmpdir(), "falconry-test-reports-"));
const extraArgs = process.argv.slice(2);

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readReport<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

// A runner that died before reporting counts as one failure.
const noReport: Counts = { passed: 0, failed: 1, skipped: 0 };

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

buildIfStale((line) => console.error(`falconry: ${line}`));

const vitestReport = path.join(reports, "vitest.json");
const vitestStatus = run("node", ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`, ...extraArgs]);
const vitest = readReport<VitestReport>(vitestReport);
const unit: Counts = vitest
  ? { passed: vitest.numPassedTests, failed: vitest.numFailedTests, skipped: vitest.numPendingTests + vitest.numTodoTests }
  : noReport;

const playwrightReport = path.join(reports, "playwright.json");
const playwrightStatus = run("node", ["node_modules/@playwright/test/cli.js", "test", "--reporter=list,json"], {
  PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport,
});
const playwright = readReport<PlaywrightReport>(playwrightReport)?.stats;
const browser: Counts = playwright
  ? { passed: playwright.expected + playwright.flaky, failed: playwright.unexpected, skipped: playwright.skipped }
  : noReport;
rmSync(reports, { recursive: true, force: true });

const passed = unit.passed + browser.passed;
const failed = unit.failed + browser.failed + (vitestStatus !== 0 && unit.failed === 0 ? 1 : 0) + (playwrightStatus !== 0 && browser.failed === 0 ? 1 : 0);
const skipped = unit.skipped + browser.skipped;
console.log(`\nvitest: ${unit.passed} passed, ${unit.failed} failed; playwright: ${browser.passed} passed, ${browser.failed} failed`);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
