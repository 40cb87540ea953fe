/** An event time with nanosecond precision, split the way the alerts table stores it. */
export interface FalcoTime {
  /** ISO 8601 in UTC with six fractional digits: PostgreSQL's timestamptz precision. */
  micros: string;
  /** The remaining nanoseconds past the microsecond, 0-999. */
  nanos: number;
}

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 time such as Falco's `2026-11-25T09:14:02.511093874Z` without going through
 * a float, so all nine fractional digits survive. Returns undefined when the text is not one.
 */
export function parseFalcoTime(text: string): FalcoTime | undefined {
  const m = rfc3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", , sign, oh, om] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  const isCalendarValid =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d) &&
    date.getUTCHours() === Number(h) &&
    date.getUTCMinutes() === Number(mi) &&
    date.getUTCSeconds() === Number(s);
  if (!isCalendarValid) return undefined;
  if (sign) {
    if (Number(oh) > 23 || Number(om) > 59) return undefined;
    const offsetMinutes = Number(oh) * 60 + Number(om);
    date.setTime(date.getTime() - (sign === "+" ? 1 : -1) * offsetMinutes * 60_000);
  }
  // Falco's clock starts at the Unix epoch; past 9999 toISOString changes its format.
  const year = date.getUTCFullYear();
  if (year < 1970 || year > 9999) return undefined;
  const digits = fraction.padEnd(9, "0");
  return {
    micros: `${date.toISOString().slice(0, 19)}.${digits.slice(0, 6)}Z`,
    nanos: Number(digits.slice(6)),
  };
}
