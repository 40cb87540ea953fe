import { randomInt } from "node:crypto";
import { defineConfig } from "@playwright/test";

// Chosen once in the runner; workers inherit the environment, so they agree on it.
process.env.FALCONRY_E2E_PORT ??= String(randomInt(20_000, 30_000));

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  outputDir: "e2e/artifacts/results",
  fullyParallel: true,
  workers: 2,
  // Each spec is a story through a real Chromium, Falconry and PostgreSQL, on 2 cores shared with
  // the other worker: several took 27-29 s of Playwright's default 30 on this project's machines,
  // and went over it now and then.
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${process.env.FALCONRY_E2E_PORT}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: browser downloads are impossible here. As root it needs --no-sandbox;
      // background networking only produces refused connections on a closed network.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
