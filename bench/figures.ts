/** What every scenario reports: throughput and latency per request (or per statement). */
export interface Figures {
  alertsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface Measurement {
  alerts: number;
  wallMs: number;
  latenciesMs: number[];
}

export function figuresOf({ alerts, wallMs, latenciesMs }: Measurement): Figures {
  const sorted = latenciesMs.toSorted((a, b) => a - b);
  return {
    alertsPerSec: Math.round((alerts / wallMs) * 1000),
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
  };
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
