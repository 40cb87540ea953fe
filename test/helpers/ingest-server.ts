import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import type { IngestLimits } from "@/lib/ingest/ingest-handler";
import { startIngest, type Ingest } from "@/lib/ingest/start-ingest";
import { createSql } from "@/lib/db/sql";
import type { TestDatabase } from "@/test/helpers/test-database";

export interface IngestServer {
  url: string;
  server: Server;
  ingest: Ingest;
  close(): Promise<void>;
}

/** The real ingest handler on a real port, without Next.js in front of it. */
export async function startIngestServer(database: TestDatabase, limits: IngestLimits): Promise<IngestServer> {
  // As the app connects: its own role, under row-level security, seeing every tenant.
  const sql = createSql(database.appUrl, { seesAllTenants: true });
  const ingest = await startIngest(sql, database.appUrl, limits);
  const server: Server = createServer((req, res) => void ingest.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    ingest,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ingest.close();
      await sql.end({ timeout: 5 });
    },
  };
}

/** A cluster with a fresh ingest token. */
export async function createClusterWithToken(database: TestDatabase, name: string) {
  const cluster = await createCluster(database.db, operatorActor, { name });
  const { token, record } = await createIngestToken(database.db, operatorActor, { clusterName: name });
  return { cluster, token, tokenId: record.id };
}
