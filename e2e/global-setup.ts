import { mkdir, writeFile } from "node:fs/promises";
import { startOwnFalconry } from "@/e2e/helpers/own-falconry";

/**
 * Starts the Falconry most specs share, on a database of its own (e2e/helpers/own-falconry.ts).
 * Specs find its database (as the owner, to arrange and inspect what the browser cannot) in
 * FALCONRY_E2E_DATABASE_URL. First access has a Falconry of its own (first-access.spec.ts).
 */
export default async function globalSetup() {
  const falconry = await startOwnFalconry({ PORT: process.env.FALCONRY_E2E_PORT });
  process.env.FALCONRY_E2E_DATABASE_URL = falconry.databaseUrl;

  return async () => {
    await falconry.process.interrupt();
    // What the server said, kept with the other artefacts for when a spec fails.
    await mkdir("e2e/artifacts", { recursive: true });
    await writeFile("e2e/artifacts/falconry.log", `${falconry.process.stdout()}\n${falconry.process.stderr()}`);
    await falconry.stop();
  };
}
