// `npm run bench:query [-- --alerts N] [--regenerate] [--runs N] [--only TEXT]`: times the lists
// and counts people read, through the app's own library as its routes call it, over a generated
// dataset of 10 million alerts across 200 tenants (kept between runs: see bench/query-dataset.ts).
// Figures go to stdout, its last line one JSON object; progress goes to stderr.
import "@/lib/server/no-telemetry";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { percentile, round } from "@/bench/figures";
import { openKeptDatabase } from "@/bench/kept-database";
import { datasetVersion, generateDataset, readDataset, type DatasetDescription } from "@/bench/query-dataset";
import { scenarios, type ScenarioContext } from "@/bench/query-scenarios";
import { cleanups, log, runBench } from "@/bench/run-bench";
import type { Caller } from "@/lib/auth/caller";
import { getDb, getSql, getSystemDb } from "@/lib/db";
import { prepareAppRole } from "@/lib/db/app-role";
import { migrate } from "@/lib/db/migrate";
import { createSql, type Sql } from "@/lib/db/sql";

const defaultAlerts = 10_000_000;
const warmupRuns = 5;
const deepRows = 100_000;


function readOptions() {
  const { values } = parseArgs({
    options: {
      alerts: { type: "string", default: String(defaultAlerts) },
      regenerate: { type: "boolean", default: false },
      runs: { type: "string", default: "60" },
      only: { type: "string" },
    },
  });
  const alerts = Number(values.alerts);
  const runs = Number(values.runs);
  if (!Number.isInteger(alerts) || alerts < 10_000) throw new Error("--alerts: a whole number, at least 10000");
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs: a whole number, at least 1");
  return { alerts, runs, regenerate: values.regenerate, only: values.only };
}

async function main(): Promise<void> {
  const options = readOptions();
  // The default size keeps its own database, so a quick run with fewer alerts never replaces it.
  const name = options.alerts === defaultAlerts ? "falconry_bench_query" : `falconry_bench_query_${options.alerts}`;
  const database = await openKeptDatabase(process.env.DATABASE_URL, name, ".data/bench-query");
  cleanups.unshift(database.close);
  log(`using ${database.description}`);
  const dataset = await ensureDataset(database, options);
  log(`dataset: ${JSON.stringify(dataset)}`);

  // As `npm start` does: the app connects as its own role, under row-level security.
  const owner = createSql(database.url, { max: 1 });
  cleanups.unshift(() => owner.end({ timeout: 5 }));
  const appRole = await prepareAppRole(owner, database.url);
  process.env.DATABASE_URL = appRole.url;
  cleanups.unshift(async () => {
    await Promise.all([getDb().$disconnect(), getSystemDb().$disconnect(), getSql().end({ timeout: 5 })]);
  });
  const context = await scenarioContext(owner);
  const [server] = await owner<{ version: string }[]>`SELECT current_setting('server_version') AS version`;

  const selected = scenarios.filter((s) => !options.only || s.name.includes(options.only));
  const results = [];
  for (const scenario of selected) {
    const caller = scenario.caller === "tenant" ? context.tenantCaller : context.allCaller;
    const { run, depth } = await scenario.prepare(context, caller);
    for (let i = 0; i < warmupRuns; i++) await run();
    const latencies: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const startedAt = performance.now();
      await run();
      latencies.push(performance.now() - startedAt);
    }
    const sorted = latencies.toSorted((a, b) => a - b);
    const result = {
      name: scenario.name,
      label: scenario.label,
      caller: scenario.caller,
      ...(depth === undefined ? {} : { depth }),
      p50Ms: round(percentile(sorted, 50)),
      p95Ms: round(percentile(sorted, 95)),
      targetP95Ms: scenario.targetP95Ms,
      isMet: percentile(sorted, 95) < scenario.targetP95Ms,
    };
    log(`${scenario.name}: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms`);
    results.push(result);
  }
  report(results, { dataset, postgres: server!.version, runs: options.runs, cores: os.availableParallelism() });
}

async function ensureDataset(database: Awaited<ReturnType<typeof openKeptDatabase>>, options: { alerts: number; regenerate: boolean }): Promise<DatasetDescription> {
  const sql = createSql(database.url, { max: 1 });
  try {
    const existing = options.regenerate ? null : await readDataset(sql, options.alerts);
    if (existing) {
      const applied = await migrate(sql);
      if (applied.length > 0) {
        log(`applied ${applied.join(", ")} to the kept dataset; analysing`);
        await sql.unsafe("ANALYZE");
      }
      log(`reusing the kept dataset (${datasetVersion}, generated ${existing.generatedAt}; --regenerate to rebuild)`);
      return existing;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  if (!database.isNew) {
    log(options.regenerate ? "regenerating, as asked" : `no ${datasetVersion} dataset of ${options.alerts} alerts here: generating it`);
    await database.recreate();
  }
  const owner = createSql(database.url, { max: 1 });
  const workers = [createSql(database.url, { max: 1 }), createSql(database.url, { max: 1 })];
  try {
    log(`generating ${options.alerts} alerts (minutes for millions)`);
    return await generateDataset(owner, options.alerts, workers);
  } finally {
    await Promise.all([owner, ...workers].map((s) => s.end({ timeout: 5 })));
  }
}

async function scenarioContext(owner: Sql): Promise<ScenarioContext> {
  const [ids] = await owner<{ tenantId: string; analystId: string; adminId: string }[]>`
    SELECT (SELECT id FROM tenants WHERE slug = 'acme') AS "tenantId",
      (SELECT id FROM users WHERE email = 'analyst1@acme.example') AS "analystId",
      (SELECT id FROM users WHERE email = 'bench-admin@falconry.example') AS "adminId"`;
  if (!ids?.tenantId || !ids.analystId || !ids.adminId) throw new Error("the dataset lacks its tenant or people: run with --regenerate");
  const person = { mustChangePassword: false, sessionId: null, ip: null, userAgent: null };
  const tenantCaller: Caller = { ...person, userId: ids.analystId, email: "analyst1@acme.example", name: "Analyst 1", role: "analyst", scope: [ids.tenantId] };
  const allCaller: Caller = { ...person, userId: ids.adminId, email: "bench-admin@falconry.example", name: "Bench admin", role: "admin", scope: "all" };
  return { tenantCaller, allCaller, namespace: "acme-payments-api-prod", depth: deepRows, log };
}

interface Result {
  name: string;
  label: string;
  caller: "tenant" | "all";
  depth?: number;
  p50Ms: number;
  p95Ms: number;
  targetP95Ms: number;
  isMet: boolean;
}

function report(results: Result[], about: { dataset: DatasetDescription; postgres: string; runs: number; cores: number }): void {
  const { dataset } = about;
  console.log(
    `${dataset.alerts.toLocaleString("en")} alerts, ${dataset.groups.toLocaleString("en")} groups, ${dataset.tenants} tenants over ${dataset.days} days; ` +
      `large tenant "${dataset.largeTenant.slug}": ${dataset.largeTenant.alerts.toLocaleString("en")} alerts, ${dataset.largeTenant.groups.toLocaleString("en")} groups. ` +
      `PostgreSQL ${about.postgres}, ${about.cores} cores, ${about.runs} timed runs each.`,
  );
  const header = ["scenario", "caller", "p50 ms", "p95 ms", "target p95", ""];
  const rows = results.map((r) => [
    r.depth === undefined ? r.label : `${r.label} (${r.depth.toLocaleString("en")} rows in)`,
    r.caller === "tenant" ? "tenant" : "all tenants",
    r.p50Ms.toFixed(2),
    r.p95Ms.toFixed(2),
    `< ${r.targetP95Ms} ms`,
    r.isMet ? "ok" : "MISSED",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const figures = Object.fromEntries(results.map(({ name, ...rest }) => [name, rest]));
  console.log(JSON.stringify({ dataset, postgres: about.postgres, cores: about.cores, runs: about.runs, scenarios: figures, allTargetsMet: results.every((r) => r.isMet) }));
}

runBench(main);
