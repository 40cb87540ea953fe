// `npm run bench:suppressions`: what judging one alert against 1,000 active suppression rules costs
// at ingest (target: under 10 µs per alert). Prints a table, then one JSON line.
import { parseExact } from "@/lib/ingest/exact-json";
import type { OutputFields } from "@/lib/ingest/alert-schema";
import { percentile, round } from "@/bench/figures";
import type { MatchableAlert } from "@/lib/suppressions/matcher";
import { RuleSet } from "@/lib/suppressions/rule-set";
import { generateRules, generatedFalcoRules } from "@/bench/suppression-rule-fixtures";

const ruleCount = 1_000;
const falcoRules = generatedFalcoRules;

function alerts(count: number): Array<{ alert: MatchableAlert; tenantId: string }> {
  return Array.from({ length: count }, (_, i) => ({
    tenantId: `tenant-${i % 200}`,
    alert: {
      rule: falcoRules[i % falcoRules.length]!,
      priority: "notice",
      source: "syscall",
      hostname: `node-${i % 30}`,
      cluster: "prod",
      namespace: `ns-${i % 40}`,
      tags: ["container"],
      outputFields: parseExact(
        JSON.stringify({ "proc.name": `proc-${i % 1200}`, "proc.cmdline": `sh -c run job-${i % 3000} --flag`, "container.image.repository": `ghcr.io/acme/app-${i % 97}` }),
      ) as OutputFields,
    },
  }));
}

const ruleSet = new RuleSet(generateRules(ruleCount));
const sample = alerts(20_000);
let suppressed = 0;
for (const { alert, tenantId } of sample) if (ruleSet.verdict(alert, tenantId).suppressedBy) suppressed++; // warm-up
const perAlertUs: number[] = [];
for (let run = 0; run < 15; run++) {
  const started = process.hrtime.bigint();
  for (const { alert, tenantId } of sample) ruleSet.verdict(alert, tenantId);
  perAlertUs.push(Number(process.hrtime.bigint() - started) / 1000 / sample.length);
}
const sorted = perAlertUs.toSorted((a, b) => a - b);
const figures = { rules: ruleCount, alerts: sample.length, suppressedShare: round(suppressed / sample.length, 3), p50Us: round(percentile(sorted, 50), 3), p95Us: round(percentile(sorted, 95), 3), targetUs: 10 };
console.log(`suppression rules: ${ruleCount} active, ${sample.length} alerts per run, 15 runs`);
console.log(`  µs per alert: p50 ${figures.p50Us}, p95 ${figures.p95Us} (target < ${figures.targetUs}); ${Math.round(figures.suppressedShare * 100)}% of alerts suppressed`);
console.log(JSON.stringify(figures));
