// `npm run bench:ingest`: starts the built app against a fresh database and measures, for the same
// kind of alerts, (a) the raw ceiling (multi-row INSERTs straight into PostgreSQL), (b) single-alert
// POSTs from 64 concurrent keep-alive senders, (c) batch POSTs of 500, (d) single-alert POSTs from
// one sender at a time (Falcosidekick's default); and (e) the HTTP ceiling, (b)'s requests answered
// by bare node:http. Figures go to stdout, its last line one JSON object; progress goes to stderr.
import "@/lib/server/no-telemetry";
import { z } from "zod";
import { generateAlert } from "@/bench/alert-generator";
import { spawnApp } from "@/bench/app-process";
import { figuresOf, round, type Figures, type Measurement } from "@/bench/figures";
import { createFreshDatabase } from "@/bench/fresh-database";
import { startBareHttpServer } from "@/bench/http-ceiling";
import { postConcurrently, type IngestTarget, type Payload } from "@/bench/post-alerts";
import { createRawSql, insertRawBatches, prepareRawBatches } from "@/bench/raw-insert";
import { cleanups, log, runBench } from "@/bench/run-bench";
import { generateRules } from "@/bench/suppression-rule-fixtures";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { createIngestToken } from "@/lib/clusters/ingest-tokens";
import { migrate } from "@/lib/db/migrate";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSql, type Sql } from "@/lib/db/sql";
import type { ActiveRule } from "@/lib/suppressions/rule-set";
import { freePort } from "@/test/helpers/free-port";

const configSchema = z.object({
  /** Alerts in each of (a), (b) and (c). */
  BENCH_ALERTS: z.coerce.number().int().positive().default(20_000),
  /** Alerts in (d), one request each, one at a time. */
  BENCH_SEQUENTIAL_ALERTS: z.coerce.number().int().positive().default(2_000),
  BENCH_WARMUP_ALERTS: z.coerce.number().int().nonnegative().default(500),
  /** A scenario stops sending after this long, whatever is left. */
  BENCH_MAX_SECONDS: z.coerce.number().positive().default(60),
  /** Active suppression rules during the run (bench/suppression-rule-fixtures.ts), to measure their cost. */
  BENCH_SUPPRESSION_RULES: z.coerce.number().int().nonnegative().default(0),
  /** Extra node flags for the app, space-separated (NODE_OPTIONS refuses some, e.g. --cpu-prof). */
  BENCH_APP_NODE_ARGS: z.string().default(""),
});

const concurrentSenders = 64;
const batchSize = 500;
const batchSenders = 4;
const readyTimeoutMs = 5 * 60_000;

async function main(): Promise<void> {
  const config = configSchema.parse(process.env);
  const maxMs = config.BENCH_MAX_SECONDS * 1000;

  // Registered before it exists, so a Ctrl-C while it is being created still removes it.
  const creating = createFreshDatabase(process.env.DATABASE_URL);
  cleanups.unshift(() => creating.then((database) => database.drop(), () => {}));
  const database = await creating;
  log(`using ${database.description}`);
  const sql = createSql(database.url, { max: 1 });
  cleanups.unshift(() => sql.end({ timeout: 5 }));
  await migrate(sql);
  const { token, rawCluster, appClusterId } = await createClusters(database.url);
  if (config.BENCH_SUPPRESSION_RULES > 0) {
    log(`with ${config.BENCH_SUPPRESSION_RULES} active suppression rules`);
    await insertRules(sql, generateRules(config.BENCH_SUPPRESSION_RULES));
  }

  // First, while nothing else runs: PostgreSQL vacuums after the scenarios that write.
  const httpCeiling = figuresOf(await measureHttpCeiling(config.BENCH_ALERTS, config.BENCH_WARMUP_ALERTS, maxMs));

  log("starting the app");
  const app = spawnApp({
    databaseUrl: database.url,
    port: await freePort(),
    nodeArgs: config.BENCH_APP_NODE_ARGS.split(" ").filter(Boolean),
    log,
  });
  cleanups.unshift(app.stop);
  await app.whenReady(readyTimeoutMs);
  const target: IngestTarget = { port: app.port, token };
  let ingested = 0;
  const ingest = async (count: number, perRequest: number, senders: number) => {
    const measured = await postConcurrently(target, payloadsOf(count, perRequest), { senders, maxMs });
    ingested += measured.alerts;
    return checkComplete(measured, count);
  };

  log(`warming up with ${config.BENCH_WARMUP_ALERTS} alerts, single and batched`);
  await ingest(config.BENCH_WARMUP_ALERTS, 1, concurrentSenders);
  await ingest(config.BENCH_WARMUP_ALERTS, batchSize, batchSenders);

  await vacuum(sql);
  log(`(a) raw INSERTs of ${config.BENCH_ALERTS} alerts`);
  const rawSql = createRawSql(database.url);
  cleanups.unshift(() => rawSql.end({ timeout: 5 }));
  const rawBatches = await prepareRawBatches(rawSql, rawCluster, generateAlerts(batchSize + config.BENCH_ALERTS), batchSize);
  await insertRawBatches(rawSql, rawBatches.slice(0, 1), maxMs);
  const raw = figuresOf(checkComplete(await insertRawBatches(rawSql, rawBatches.slice(1), maxMs), config.BENCH_ALERTS));
  await vacuum(sql);
  log(`(b) ${config.BENCH_ALERTS} single-alert POSTs from ${concurrentSenders} senders`);
  const concurrentSingle = figuresOf(await ingest(config.BENCH_ALERTS, 1, concurrentSenders));
  await vacuum(sql);
  log(`(c) ${config.BENCH_ALERTS} alerts in POSTs of ${batchSize} from ${batchSenders} senders`);
  const batch500 = figuresOf(await ingest(config.BENCH_ALERTS, batchSize, batchSenders));
  await vacuum(sql);
  log(`(d) ${config.BENCH_SEQUENTIAL_ALERTS} single-alert POSTs from one sender`);
  const sequentialSingle = figuresOf(await ingest(config.BENCH_SEQUENTIAL_ALERTS, 1, 1));

  await assertAllStored(sql, appClusterId, ingested);
  const [{ suppressed }] = await sql<[{ suppressed: number }]>`SELECT count(*)::int AS suppressed FROM alerts WHERE suppressed_by IS NOT NULL`;
  report({ raw, concurrentSingle, batch500, sequentialSingle, httpCeiling }, { suppressionRules: config.BENCH_SUPPRESSION_RULES, suppressedShare: round(suppressed / ingested, 3) });
}

/**
 * (e): (b)'s load, answered by node:http alone. The issue's figures for it (17-21k requests/s)
 * came from the machine its targets were set on; the ratio b/e tells the app's cost apart from
 * the machine's speed, as b/a and c/a do for PostgreSQL.
 */
async function measureHttpCeiling(alerts: number, warmupAlerts: number, maxMs: number): Promise<Measurement> {
  const server = await startBareHttpServer(await freePort());
  cleanups.unshift(server.stop);
  const target = { port: server.port, token: "unused" };
  await postConcurrently(target, payloadsOf(warmupAlerts, 1), { senders: concurrentSenders, maxMs });
  log(`(e) ${alerts} single-alert POSTs from ${concurrentSenders} senders to bare node:http`);
  const measured = await postConcurrently(target, payloadsOf(alerts, 1), { senders: concurrentSenders, maxMs });
  await server.stop();
  return checkComplete(measured, alerts);
}

/**
 * Off the clock before each scenario, as pgbench does before its runs: the dead row versions one
 * scenario leaves (every group is updated with each transaction) would otherwise bill the next
 * one for autovacuum and for index entries it must skip.
 */
async function vacuum(sql: Sql): Promise<void> {
  await sql`VACUUM (ANALYZE)`;
}

async function insertRules(sql: Sql, rules: ActiveRule[]): Promise<void> {
  const rows = rules.map((rule) => ({ matchers: rule.matchers, mode: rule.mode }));
  await sql`
    INSERT INTO suppression_rules (matchers, all_tenants, comment, mode, created_by_email)
    SELECT r.matchers, true, 'bench:ingest', r.mode, 'bench@example.com'
    FROM jsonb_to_recordset((${JSON.stringify(rows)}::text)::jsonb) AS r(matchers jsonb, mode suppression_mode)`;
}

function checkComplete(measured: Measurement, planned: number): Measurement {
  if (measured.alerts < planned) {
    log(`stopped at the time limit after ${measured.alerts} of ${planned} alerts (BENCH_MAX_SECONDS)`);
  }
  return measured;
}

async function createClusters(databaseUrl: string) {
  const db = createPrismaClient(databaseUrl);
  try {
    const appCluster = await createCluster(db, operatorActor, { name: "bench" });
    const { token } = await createIngestToken(db, operatorActor, { clusterName: appCluster.name, label: "bench:ingest" });
    // Raw rows get a cluster, and so groups, of their own: ingest never sees or counts them.
    const rawCluster = await createCluster(db, operatorActor, { name: "bench-raw" });
    return { token, rawCluster, appClusterId: appCluster.id };
  } finally {
    await db.$disconnect();
  }
}

function generateAlerts(count: number): string[] {
  return Array.from({ length: count }, (_, index) => generateAlert(index));
}

/** `count` fresh alerts as request bodies: one alert object each, or JSON arrays of `perRequest`. */
function payloadsOf(count: number, perRequest: number): Payload[] {
  const alerts = generateAlerts(count);
  const payloads: Payload[] = [];
  for (let start = 0; start < count; start += perRequest) {
    const chunk = alerts.slice(start, start + perRequest);
    const body = perRequest === 1 ? chunk[0]! : `[${chunk.join(",")}]`;
    payloads.push({ body: Buffer.from(body), alerts: chunk.length });
  }
  return payloads;
}

/** Every 200 said the alerts were committed; the table must agree. */
async function assertAllStored(sql: Sql, clusterId: string, expected: number): Promise<void> {
  const [row] = await sql<{ count: string }[]>`SELECT count(*) AS count FROM alerts WHERE cluster_id = ${clusterId}`;
  if (Number(row?.count) !== expected) {
    throw new Error(`the app answered that ${expected} alerts were stored, but the table holds ${row?.count}`);
  }
}

interface Results {
  raw: Figures;
  concurrentSingle: Figures;
  batch500: Figures;
  sequentialSingle: Figures;
  httpCeiling: Figures;
}

function report(results: Results, setting: { suppressionRules: number; suppressedShare: number }): void {
  const { raw, concurrentSingle, batch500, sequentialSingle, httpCeiling } = results;
  const line = (label: string, f: Figures) =>
    `${label.padEnd(42)} ${String(f.alertsPerSec).padStart(7)} alerts/s   p50 ${f.p50Ms.toFixed(2).padStart(7)} ms   p99 ${f.p99Ms.toFixed(2).padStart(7)} ms`;
  console.log(line(`(a) raw INSERT, ${batchSize} rows a statement`, raw));
  console.log(line(`(b) single-alert POSTs, ${concurrentSenders} senders`, concurrentSingle));
  console.log(line(`(c) POSTs of ${batchSize} alerts, ${batchSenders} senders`, batch500));
  console.log(line("(d) single-alert POSTs, one sender", sequentialSingle));
  console.log(line(`(e) bare node:http, ${concurrentSenders} senders`, httpCeiling));
  const ratios = {
    concurrentSingleToRaw: round(concurrentSingle.alertsPerSec / raw.alertsPerSec, 3),
    batch500ToRaw: round(batch500.alertsPerSec / raw.alertsPerSec, 3),
    concurrentSingleToHttpCeiling: round(concurrentSingle.alertsPerSec / httpCeiling.alertsPerSec, 3),
  };
  // The targets for a 2-core machine, from the issue that asked for this benchmark.
  const targets = {
    concurrentSingleAtLeast5000PerSec: concurrentSingle.alertsPerSec >= 5_000,
    concurrentSingleP99Under50Ms: concurrentSingle.p99Ms < 50,
    batch500AtLeast60PctOfRaw: ratios.batch500ToRaw >= 0.6,
    sequentialSingleP99Under10Ms: sequentialSingle.p99Ms < 10,
  };
  if (setting.suppressionRules > 0) console.log(`with ${setting.suppressionRules} suppression rules active, ${Math.round(setting.suppressedShare * 100)}% of alerts suppressed`);
  console.log(JSON.stringify({ ...results, ...setting, ratios, targets }));
}

runBench(main);
