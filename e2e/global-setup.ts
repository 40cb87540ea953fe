import { mkdir, writeFile } from "node:fs/promises";
import { startOwnFalconry } from "@/e2e/helpers/own-falconry";

/**
 * Starts the Falconry most specs share, on a database of its own (e2e/helpers/own-falconry.ts).
 * Specs find the one-time setup link it printed in FALCONRY_E2E_SETUP_URL, and the database (as its
 * owner, to arrange and inspect what the browser cannot) in FALCONRY_E2E_DATABASE_URL.
 */
export default async function globalSetup() {
  const falconry = await startOwnFalconry({ PORT: process.env.FALCONRY_E2E_PORT });
  process.env.FALCONRY_E2E_SETUP_URL = falconry.setupUrl;
  process.env.FALCONRY_E2E_DATABASE_URL = falconry.databaseUrl;

  return async () => {
    await falconry.process.interrupt();
    // What the server said, kept with the other artefacts for when a spec fails.
    await mkdir("e2e/artifacts", { recursive: true });
    await writeFile("e2e/artifacts/falconry.log", `${falconry.process.stdout()}\n${falconry.process.stderr()}`);
    await falconry.stop();
  };
}
