/** The preview's history window choices, in days; 14 is the API's default. */
export const historyWindowDays = [1, 7, 14, 30, 90] as const;

/**
 * The start of a window of `days` ending now, on a whole hour (as the API starts it anyway). Taken
 * as each request leaves: the API allows `maxPreviewDays` back from its own hour only.
 */
export function windowSince(days: number, now = Date.now()): string {
  return new Date(Math.floor(now / 3_600_000) * 3_600_000 - days * 86_400_000).toISOString();
}
