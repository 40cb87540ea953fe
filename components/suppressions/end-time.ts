/*
 * A rule's end time as chosen on the forms: a quick choice, a custom time typed in UTC (the zone
 * every screen shows), forever (admins only), or, when editing, the end it has.
 */

export type EndChoice = "1d" | "7d" | "30d" | "custom" | "forever" | "keep";

const days: Partial<Record<EndChoice, number>> = { "1d": 1, "7d": 7, "30d": 30 };

/** A `datetime-local` value read as UTC, as RFC 3339; null when it is not a time. */
export function utcTimeOf(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(local)) return null;
  const time = Date.parse(`${local}Z`);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The API's `endsAt`: a time, null for forever, undefined to keep the rule's; or what is wrong. */
export function endsAtOf(choice: EndChoice, custom: string, now = Date.now()): { endsAt: string | null | undefined } | { error: string } {
  if (choice === "keep") return { endsAt: undefined };
  if (choice === "forever") return { endsAt: null };
  if (choice === "custom") {
    const endsAt = utcTimeOf(custom);
    return endsAt ? { endsAt } : { error: "End: choose a custom end time (UTC)" };
  }
  return { endsAt: new Date(now + days[choice]! * 86_400_000).toISOString() };
}
