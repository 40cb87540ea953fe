import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import type { AlertWriter } from "@/lib/ingest/alert-writer";
import { readRecord, splitRecords } from "@/lib/ingest/payload";
import { prepareAlert, type PreparedAlert, type VerdictOf } from "@/lib/ingest/prepare-alert";
import { readBody } from "@/lib/ingest/read-body";
import type { TenantSegmenter } from "@/lib/ingest/tenant-segmenter";
import type { Suppressor } from "@/lib/suppressions/suppressor";
import type { TokenAuthenticator } from "@/lib/ingest/token-authenticator";
import { toHttpError } from "@/lib/server/http-errors";

export interface IngestLimits {
  maxBytes: number;
  maxAlerts: number;
}

export interface IngestServices {
  authenticator: TokenAuthenticator;
  segmenter: TenantSegmenter;
  suppressor: Suppressor;
  writer: AlertWriter;
  limits: IngestLimits;
}

export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; error: string }>;
}

const ingestPath = "/api/v1/ingest";

export function isIngestPath(pathname: string): boolean {
  return pathname === ingestPath || pathname.startsWith(`${ingestPath}/`);
}

/**
 * POST /api/v1/ingest (Authorization: Bearer <token>) and POST /api/v1/ingest/<token> (for Falco's
 * http_output, which cannot set headers). Served on plain node:http in front of Next.js: see
 * "Why ingest bypasses Next.js" in the README.
 */
export function createIngestHandler(services: IngestServices) {
  const judges: Judges = {
    tenantOf: (cluster, namespace) => services.segmenter.tenantOf(cluster, namespace),
    verdictOf: (alert, tenantId) => services.suppressor.verdict(alert, tenantId),
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const { status, answer } = await ingest(req, services, judges);
      sendJson(res, status, answer);
    } catch (error) {
      const { status, body } = toHttpError(error);
      if (status === 405) res.setHeader("Allow", "POST");
      // The unread rest of a refused body would be taken for the next request on this connection.
      if (!req.complete) res.setHeader("Connection", "close");
      sendJson(res, status, body);
    }
  };
}

/** What decides an alert's tenant and suppression, made once per handler rather than per request. */
interface Judges {
  tenantOf(cluster: string, namespace: string): string | null;
  verdictOf: VerdictOf;
}

async function ingest(req: IncomingMessage, services: IngestServices, { tenantOf, verdictOf }: Judges) {
  if (req.method !== "POST") throw new AppError("method_not_allowed", "method: send alerts with POST");
  const token = tokenOf(req);
  if (!token) {
    throw new AppError(
      "unauthorized",
      "authorization: send the cluster's ingest token as `Authorization: Bearer <token>` or in the path /api/v1/ingest/<token>",
    );
  }
  const credential = await services.authenticator.authenticate(token);
  if (!credential) throw new AppError("unauthorized", "authorization: unknown or revoked ingest token");

  const body = await readBody(req, services.limits.maxBytes);
  const records = splitRecords(body, req.headers["content-type"]);
  if (records.length > services.limits.maxAlerts) {
    throw new AppError("payload_too_large", `body: ${records.length} alerts; send at most ${services.limits.maxAlerts} per request`);
  }

  await services.suppressor.ready();
  const prepared: PreparedAlert[] = [];
  /** The index of each prepared alert's record. */
  const indexes: number[] = [];
  const rejected: IngestAnswer["rejected"] = [];
  records.forEach((record, index) => {
    const parsed = "error" in record ? record : readRecord(record.value);
    if ("error" in parsed) {
      rejected.push({ index, error: parsed.error });
    } else {
      prepared.push(prepareAlert(parsed.alert, credential, tenantOf, verdictOf));
      indexes.push(index);
    }
  });
  if (prepared.length === 0) return nothingValid(rejected);

  const results = await services.writer.write(prepared, body.length).catch((error: unknown) => {
    if (error instanceof AppError) throw error;
    console.error("Storing alerts failed:", error);
    throw new AppError("unavailable", "database: the alerts could not be stored; send them again (any already stored count as duplicates)");
  });
  let accepted = 0;
  let duplicates = 0;
  results.forEach((result, i) => {
    if (result === true) accepted++;
    else if (result === false) duplicates++;
    else rejected.push({ index: indexes[i]!, error: result.error });
  });
  rejected.sort((a, b) => a.index - b.index); // PostgreSQL's refusals join validation's
  if (accepted + duplicates === 0) return nothingValid(rejected);
  return { status: 200, answer: { accepted, duplicates, rejected } satisfies IngestAnswer };
}

function nothingValid(rejected: IngestAnswer["rejected"]) {
  return { status: 400, answer: { accepted: 0, duplicates: 0, rejected, error: "no valid alert in the request" } };
}

function tokenOf(req: IncomingMessage): string | undefined {
  // Another scheme (a proxy's Basic credentials, say) leaves the token in the path to be used.
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  if (bearer) return bearer;
  const path = (req.url ?? "").split("?")[0] ?? "";
  const fromPath = path.slice(ingestPath.length + 1);
  return fromPath === "" ? undefined : fromPath;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": "no-store",
  });
  res.end(json);
}
