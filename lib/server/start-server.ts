import { createServer, type Server } from "node:http";
import next from "next";
import { createSql } from "@/lib/db/sql";
import type { Env } from "@/lib/env";
import { isIngestPath } from "@/lib/ingest/ingest-handler";
import { startIngest } from "@/lib/ingest/start-ingest";
import { clientAddress, clientIpHeader } from "@/lib/server/client-address";

export interface RunningServer {
  close(): Promise<void>;
}

/**
 * Falconry's HTTP server: ingest on plain node:http, everything else through Next.js. Next costs
 * about 1.5 ms of CPU per request before a route handler runs, which caps a 2-core machine near
 * 800 requests/s; senders posting one alert per request need far more (see the README).
 */
export async function startServer(env: Env, databaseUrl: string): Promise<RunningServer> {
  const sql = createSql(databaseUrl, { seesAllTenants: true });
  const ingest = await startIngest(sql, databaseUrl, {
    maxBytes: env.FALCONRY_INGEST_MAX_BYTES,
    maxAlerts: env.FALCONRY_INGEST_MAX_ALERTS,
  });
  const app = next({ dev: false, dir: process.cwd(), hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handleNext = app.getRequestHandler();

  let hasWarnedOfProxy = false;
  const server = createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?", 1)[0] ?? "/";
    if (isIngestPath(pathname)) return void ingest.handle(req, res);
    if (!hasWarnedOfProxy && env.FALCONRY_TRUSTED_PROXY_HOPS === 0 && req.headers["x-forwarded-for"] !== undefined) {
      hasWarnedOfProxy = true;
      console.error(
        "falconry: requests arrive through a proxy (X-Forwarded-For) but FALCONRY_TRUSTED_PROXY_HOPS is 0: " +
          "every person shares the proxy's address, for sign-in throttling and the audit trail. Set it to the number of proxies.",
      );
    }
    // Sign-in throttling and the audit trail need the client's address, which Next.js does not
    // expose: it travels in a header only this server sets, replacing any a client sent.
    req.headers[clientIpHeader] = clientAddress({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: req.headers["x-forwarded-for"],
      trustedProxyHops: env.FALCONRY_TRUSTED_PROXY_HOPS,
    });
    void handleNext(req, res);
  });
  // Longer than the idle timeouts of common senders' HTTP clients, so they reuse connections.
  server.keepAliveTimeout = 75_000;
  await listen(server, env.PORT, env.HOST);

  return {
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      // requests still sending their bodies by then are cut off, and ingest stops waiting for them
      setTimeout(() => server.closeAllConnections(), 5_000).unref();
      await ingest.close();
      await closed;
      await app.close();
      await sql.end({ timeout: 5 });
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} is already in use. Stop what uses it, or start Falconry on another port: PORT=${port + 1} npm start`)
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
}
