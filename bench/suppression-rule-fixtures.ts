import type { Matcher } from "@/lib/suppressions/matcher";
import type { ActiveRule } from "@/lib/suppressions/rule-set";

/** Falco rules the load generator's alerts come from (bench/alert-generator.ts). */
export const generatedFalcoRules = [
  "Terminal shell in container",
  "Read sensitive file untrusted",
  "Drop and execute new binary in container",
  "Contact K8S API Server From Container",
  "Write below etc",
  "Attach/Exec Pod",
  "Create Privileged Pod",
  "K8s Secret Get Successfully",
];

/**
 * `count` rules as teams write them: most name a Falco rule (those the alerts come from, and many
 * others) and a process or an image, some by regex; one in twenty names no Falco rule and matches
 * a command line by regex within a namespace. Two match the generator's shells and file readers:
 * a part of the alerts is suppressed, not all.
 */
export function generateRules(count: number): ActiveRule[] {
  const falcoRules = [...generatedFalcoRules, ...Array.from({ length: 42 }, (_, i) => `Other Falco rule ${i}`)];
  return Array.from({ length: count }, (_, i) => {
    const matchers: Matcher[] =
      i % 500 === 1
        ? [
            { field: "rule", op: "=", value: generatedFalcoRules[Math.floor(i / 500) % generatedFalcoRules.length]! },
            { field: "proc.name", op: "in", value: ["bash", "cat"] },
          ]
        : i % 20 === 0
        ? [
            { field: "proc.cmdline", op: "=~", value: `.*job-${i}.*` },
            { field: "namespace", op: "=", value: ["payments", "checkout", "ml-train", "team-a"][i % 4]! },
          ]
        : [
            { field: "rule", op: "=", value: falcoRules[i % falcoRules.length]! },
            i % 2 === 0
              ? { field: "proc.name", op: "in", value: [`proc-${i}`, i % 8 === 0 ? "bash" : `proc-${i + 1}`] }
              : { field: "container.image.repository", op: "=~", value: `ghcr\\.io/acme/app-${i % 97}.*` },
          ];
    return { id: String(i + 1), mode: i % 10 === 0 ? "shadow" : "enforce", tenantIds: null, startsAt: null, endsAt: null, matchers };
  });
}
