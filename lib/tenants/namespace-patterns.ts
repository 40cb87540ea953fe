import { AppError } from "@/lib/errors";

// A (cluster, namespace) pattern such as `prod-*/payments`; `*` matches any run of characters.
export interface NamespacePattern {
  clusterPattern: string;
  namespacePattern: string;
}

const patternPart = /^[A-Za-z0-9._*-]{1,253}$/;
const exactPart = /^[A-Za-z0-9._-]{1,253}$/;

/**
 * The pattern that claims exactly this pair, or null when no pattern can name it alone: a name
 * with `*`, or with characters patterns do not allow (names arrive in alerts, written by anyone).
 */
export function exactNamespacePattern(cluster: string, namespace: string): NamespacePattern | null {
  return exactPart.test(cluster) && exactPart.test(namespace) ? { clusterPattern: cluster, namespacePattern: namespace } : null;
}

// Parses `prod-*/payments,*/team-a-*` into patterns, naming the part that is wrong.
export function parseNamespacePatterns(text: string): NamespacePattern[] {
  const items = text.split(",").map((item) => item.trim()).filter((item) => item !== "");
  if (items.length === 0) throw new AppError("invalid_input", "namespaces: give at least one CLUSTER/NAMESPACE pattern, e.g. prod-*/payments");
  return items.map((item) => {
    const parts = item.split("/");
    const [clusterPattern = "", namespacePattern = ""] = parts;
    if (parts.length !== 2 || !patternPart.test(clusterPattern) || !patternPart.test(namespacePattern)) {
      throw new AppError(
        "invalid_input",
        `namespaces: "${item}" is not CLUSTER/NAMESPACE (letters, digits, . _ - and * only), e.g. prod-*/payments`,
      );
    }
    return { clusterPattern, namespacePattern };
  });
}

export function formatNamespacePattern(pattern: NamespacePattern): string {
  return `${pattern.clusterPattern}/${pattern.namespacePattern}`;
}

/**
 * Whether a text matches a glob whose `*` matches any run of characters. The parts between stars
 * are found left to right, each at its first place after the one before, with the first part at
 * the start and the last at the end: linear in the text. A regex (`.*` for each `*`) backtracks
 * instead, and an ingest token's alerts choose the namespaces it is run on (`*-*-*-*-*-db` took
 * over a minute on 253 dashes).
 */
export function globMatcher(glob: string): (text: string) => boolean {
  if (!glob.includes("*")) return (text) => text === glob;
  const parts = glob.split("*");
  const first = parts[0]!;
  const last = parts.at(-1)!;
  const middle = parts.slice(1, -1).filter((part) => part !== "");
  return (text) => {
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    const end = text.length - last.length;
    let at = first.length;
    for (const part of middle) {
      const found = text.indexOf(part, at);
      if (found === -1 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

export interface TenantPatterns {
  tenantId: string;
  patterns: NamespacePattern[];
}

/**
 * Maps (cluster, namespace) to the first tenant, in the given order, that has a matching pattern,
 * or null when none does. Host-level alerts have no namespace and never belong to a tenant.
 */
export function createTenantResolver(tenants: TenantPatterns[]): (cluster: string, namespace: string) => string | null {
  const matchers = tenants.flatMap(({ tenantId, patterns }) =>
    patterns.map((p) => ({ tenantId, cluster: globMatcher(p.clusterPattern), namespace: globMatcher(p.namespacePattern) })),
  );
  return (cluster, namespace) =>
    matchers.find((m) => m.cluster(cluster) && m.namespace(namespace))?.tenantId ?? null;
}
