// `npm run bench:overview [-- --runs N] [--only TEXT]`: times each chart of the tenant home and the
// central overview (bench/overview-scenarios.ts) against DATABASE_URL, a database already holding a
// dataset (bench:query's kept one: .data/bench-query, or the falconry_bench_query database on
// DATABASE_URL's server). It connects as the app's own role, under row-level security, as the
// tenant with the most alerts and as someone who sees every tenant. Its last line is one JSON object.
import "@/lib/server/no-telemetry";
import os from "node:os";
import { parseArgs } from "node:util";
import { overviewScenarios, timeOverviewScenarios } from "@/bench/overview-scenarios";
import type { Caller } from "@/lib/auth/caller";
import { prepareAppRole } from "@/lib/db/app-role";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSql } from "@/lib/db/sql";

const log = (line: string) => console.error(`bench: ${line}`);

async function main() {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "30" }, only: { type: "string" } } });
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL: the database holding the dataset (e.g. bench:query's falconry_bench_query)");
  const owner = createSql(url, { max: 1 });
  const appRole = await prepareAppRole(owner, url);
  const db = createPrismaClient(appRole.url);
  try {
    const [ids] = await owner<{ tenantId: string; alerts: string; groups: string; version: string }[]>`
      SELECT (SELECT tenant_id::text FROM alert_rollups WHERE bucket_hours = 24 AND tenant_id IS NOT NULL GROUP BY 1 ORDER BY sum(count) DESC LIMIT 1) AS "tenantId",
        (SELECT reltuples::bigint::text FROM pg_class WHERE relname = 'alerts') AS alerts,
        (SELECT reltuples::bigint::text FROM pg_class WHERE relname = 'alert_groups') AS groups,
        current_setting('server_version') AS version`;
    if (!ids?.tenantId) throw new Error("no alerts in this database");
    const person = { email: "bench@falconry.example", name: "Bench", mustChangePassword: false, sessionId: null, ip: null, userAgent: null };
    const tenant: Caller = { ...person, userId: "00000000-0000-0000-0000-000000000001", role: "analyst", scope: [ids.tenantId] };
    const all: Caller = { ...person, userId: "00000000-0000-0000-0000-000000000002", role: "admin", scope: "all" };
    log(`about ${ids.alerts} alerts, ${ids.groups} groups; PostgreSQL ${ids.version}; ${overviewScenarios.length} scenarios`);
    const timings = await timeOverviewScenarios(db, { tenant, tenantId: ids.tenantId, all }, { runs: Number(values.runs), only: values.only, log });
    for (const t of timings) console.log(`${t.name.padEnd(32)} ${t.caller.padEnd(6)} p50 ${t.p50Ms.toFixed(1).padStart(7)} ms  p95 ${t.p95Ms.toFixed(1).padStart(7)} ms  ${t.isMet ? "ok" : "MISSED"}`);
    console.log(JSON.stringify({ alerts: Number(ids.alerts), postgres: ids.version, cores: os.availableParallelism(), runs: Number(values.runs), timings, allTargetsMet: timings.every((t) => t.isMet) }));
  } finally {
    await db.$disconnect();
    await owner.end({ timeout: 5 });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
