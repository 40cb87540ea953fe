import { z } from "zod";
import { createTenantResolver, type NamespacePattern, type TenantPatterns } from "@/lib/tenants/namespace-patterns";

/** A (cluster, namespace) pair seen at ingest, and the tenant its alerts belong to now (null: none). */
const seenNamespaceSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  alertCount: z.number(),
  tenant: z.string().nullable(),
});

export type SeenNamespace = z.infer<typeof seenNamespaceSchema>;

/** The answer of the preview API, parsed again by the page that asked for it. */
export const namespacePreviewSchema = z.object({
  /** Pairs the patterns would give the tenant; `tenant` says whose they are now. */
  claimed: z.array(seenNamespaceSchema),
  /** Pairs the patterns match that an older tenant keeps, because the first tenant to match wins. */
  kept: z.array(seenNamespaceSchema.extend({ keptBy: z.string() })),
  /** Pairs the tenant owns now and would lose: to a younger tenant that matches them, or to no one. */
  released: z.array(seenNamespaceSchema.extend({ releasedTo: z.string().nullable() })),
});

export type NamespacePreview = z.infer<typeof namespacePreviewSchema>;

// Tenant keys are slugs or ids, neither of which can contain a space or parentheses.
const newTenant = "(new tenant)";

/**
 * What giving `patterns` to a tenant would change, judged as resegmentAlerts will: each pair goes
 * to the first tenant, in claim order, with a matching pattern. `tenants` is every tenant in that
 * order; `tenant` is the one being edited, or null for a tenant about to be created (which claims
 * after all others).
 */
export function previewNamespacePatterns(input: {
  tenants: readonly TenantPatterns[];
  tenant: string | null;
  patterns: readonly NamespacePattern[];
  seen: readonly SeenNamespace[];
}): NamespacePreview {
  const candidate = input.tenant ?? newTenant;
  const patterns = [...input.patterns];
  const isExisting = input.tenants.some((t) => t.tenantId === candidate);
  const ordered = isExisting
    ? input.tenants.map((t) => (t.tenantId === candidate ? { tenantId: candidate, patterns } : t))
    : [...input.tenants, { tenantId: candidate, patterns }];
  const ownerAfter = createTenantResolver(ordered);
  const matchesPatterns = createTenantResolver([{ tenantId: candidate, patterns }]);

  const preview: NamespacePreview = { claimed: [], kept: [], released: [] };
  const sorted = [...input.seen].sort((a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace));
  for (const pair of sorted) {
    const owner = ownerAfter(pair.cluster, pair.namespace);
    if (owner === candidate) preview.claimed.push(pair);
    else if (owner !== null && matchesPatterns(pair.cluster, pair.namespace)) preview.kept.push({ ...pair, keptBy: owner });
    else if (pair.tenant === candidate) preview.released.push({ ...pair, releasedTo: owner });
  }
  return preview;
}
