import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "@/lib/audit/audit";
import { createCluster } from "@/lib/clusters/clusters";
import { scopedTransaction } from "@/lib/db/scoped-db";
import { matchersSchema, matcherOperators, type Matcher } from "@/lib/suppressions/matcher";
import { previewIn } from "@/lib/suppressions/preview-suppression";
import { RuleSet, type ActiveRule } from "@/lib/suppressions/rule-set";
import { createTenant } from "@/lib/tenants/tenants";
import { removeStoredAlerts, storeAlertsLike, type AlertSpec } from "@/test/helpers/stored-alerts";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/test-database";

/*
 * The property that makes previews trustworthy: for any rule, the preview over stored history
 * matches exactly the alerts that ingest, applying the same rule, marked. Random rules and alerts
 * from small pools, so that they often meet; a seeded generator, so a failure repeats.
 */

let database: TestDatabase;
let cluster: { id: string; name: string };

function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return { pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!, chance: (p: number) => next() < p };
}

const pools = {
  rule: ["Terminal shell in container", "Write below etc", "Contact K8S API Server From Container"],
  priority: ["notice", "warning", "critical"],
  hostname: ["node-1", "node-2"],
  namespace: ["web", "pay", null],
  tags: [[], ["container"], ["container", "T1059"], ["host"]],
  "proc.name": ["bash", "sh", "apt-get", 42, true, null, "x".repeat(1001)],
  "proc.cmdline": ["bash -c ls", "sh -c apt-get update", "curl http://x", null],
  "container.image.repository": ["docker.io/library/nginx", "quay.io/app", null],
  "fd.name": ["/etc/shadow", "/etc/passwd", null],
  "evt.arg.flags": [["O_RDONLY", "O_CLOEXEC"], ["O_WRONLY"], null],
} as const;
const fields = Object.keys(pools).concat("cluster", "source") as Array<keyof typeof pools | "cluster" | "source">;
const texts = ["bash", "sh", "apt-get", "42", "true", "web", "pay", "node-1", "container", "T1059", "notice", "critical", "O_WRONLY", "/etc/shadow",
  "docker.io/library/nginx", "Terminal shell in container", "syscall", "preview", "bash -c ls", ""];
const patterns = [".*", "b.*", ".*apt-get.*", "(sh|bash)", "docker\\.io/.*", "O_.*", "[a-z]+", "/etc/(shadow|passwd)", "x*"];

// a priority compared by name must be one of Falco's, in any case
const priorityNames = ["Notice", "CRITICAL", "warning", "info", "Debug"];

function randomMatcher(g: ReturnType<typeof generator>): Matcher {
  const field = g.pick(fields);
  const op = g.pick(matcherOperators);
  const pick = () => g.pick(field === "priority" ? priorityNames : texts);
  const value =
    op === "exists" || op === "not exists" ? undefined : op === "in" || op === "not in" ? [pick(), pick()] : op === "=~" || op === "!~" ? g.pick(patterns) : pick();
  return matchersSchema.parse([{ field, op, ...(value !== undefined && { value }) }])[0]!;
}

function randomAlert(g: ReturnType<typeof generator>, index: number): AlertSpec {
  const outputFields: Record<string, unknown> = {};
  for (const field of ["proc.name", "proc.cmdline", "container.image.repository", "fd.name", "evt.arg.flags"] as const) outputFields[field] = g.pick<unknown>(pools[field]);
  return {
    rule: g.pick(pools.rule),
    priority: g.pick(pools.priority),
    hostname: g.pick(pools.hostname),
    namespace: g.pick(pools.namespace),
    tags: [...g.pick(pools.tags)],
    exe: `/bin/exe-${index % 7}`,
    time: new Date(Date.now() - 60_000 * (index + 1)).toISOString(),
    fields: outputFields,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  cluster = await createCluster(database.db, operatorActor, { name: "preview" });
  await createTenant(database.db, database.sql, operatorActor, { slug: "web", name: "Web", namespaces: "preview/web" });
});
afterAll(() => database.drop());

describe("a suppression preview", () => {
  it("matches exactly the alerts ingest suppresses with the same rule, for random rules and alerts", async () => {
    const g = generator(20261201);
    await removeStoredAlerts(database.sql);
    const rules: ActiveRule[] = Array.from({ length: 80 }, (_, i) => ({
      id: String(i + 1),
      mode: "shadow",
      tenantIds: null,
      startsAt: null,
      endsAt: null,
      matchers: Array.from({ length: 1 + Math.floor(i / 30) }, () => randomMatcher(g)),
    }));
    const ruleSet = new RuleSet(rules);
    const stored = await storeAlertsLike(
      database.sql,
      cluster,
      Array.from({ length: 120 }, (_, i) => randomAlert(g, i)),
      (alert, tenantId) => ruleSet.verdict(alert, tenantId),
    );

    let rulesThatMatched = 0;
    for (const rule of rules) {
      const atIngest = stored.filter((alert) => alert.shadowedBy.includes(rule.id));
      const preview = await scopedTransaction(database.db, "all", (tx) => previewIn(tx, { tenantIds: null }, rule.matchers, { complete: true }));
      const context = JSON.stringify(rule.matchers);
      expect(preview.complete, context).toBe(true);
      expect(preview.alerts, context).toBe(atIngest.length);
      expect(preview.groups, context).toBe(new Set(atIngest.map((a) => a.group.key)).size);
      if (atIngest.length > 0) rulesThatMatched++;
    }
    // the pools are small enough that most rules meet some alerts, and not all of them
    expect(rulesThatMatched).toBeGreaterThan(20);
    expect(rulesThatMatched).toBeLessThan(80);
  });

  it("tries a rule with more matches than its budget can count on the window's newest alerts, and says so; asked for completeness, counts the whole window", async () => {
    await removeStoredAlerts(database.sql);
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const times = Array.from({ length: 5_000 }, (_, i) => minutesAgo(i + 1));
    await storeAlertsLike(database.sql, cluster, times.map((time, i) => ({ time, fields: { "proc.name": i % 2 === 0 ? "bash" : "sh" } })));
    const matchers: Matcher[] = [{ field: "proc.name", op: "=", value: "bash" }];
    const preview = (options: Parameters<typeof previewIn>[3]) => scopedTransaction(database.db, "all", (tx) => previewIn(tx, { tenantIds: null }, matchers, options));
    // no count of 5,000 alerts finishes within a millisecond
    const tight = { windowMs: 1, newestMs: 10_000, scanMs: 10_000, totalsMs: 10_000 };

    const newest = await preview({ budget: { ...tight, newestAlerts: 10 } });
    expect(newest).toMatchObject({ alerts: 5, groups: 1, total: null, complete: false, scannedSince: times[9] });
    expect(newest.samples.map((sample) => sample.time)).toEqual([times[0], times[2], times[4], times[6], times[8]]);

    // the window holds fewer alerts than the newest asked for: every one was checked
    const all = await preview({ budget: { ...tight, newestAlerts: 10_000 } });
    expect(all).toMatchObject({ alerts: 2_500, groups: 1, total: 5_000, complete: true, scannedSince: null });

    const whole = await preview({ complete: true });
    expect(whole).toMatchObject({ alerts: 2_500, groups: 1, total: 5_000, complete: true, scannedSince: null });
  });
});
