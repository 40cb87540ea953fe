/** An event time with nanosecond precision, split the way the alerts table stores it. */
export interface FalcoTime {
  /** ISO 8601 in UTC with six fractional digits: PostgreSQL's timestamptz precision. */
  micros: string;
  /** The remaining nanoseconds past the microsecond, 0-999. */
  nanos: number;
}

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses an RFC 3339 time such as Falco's `2026-11-25T09:14:02.511093874Z` without going through
 * a float, so all nine fractional digits survive. Returns undefined when the text is not one. A
 * time in UTC, as Falco writes it, is checked and copied as text: no Date on ingest's path.
 */
export function parseFalcoTime(text: string): FalcoTime | undefined {
  const m = rfc3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", , sign, oh, om] = m;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const isLeapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && isLeapYear ? 29 : daysInMonth[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  // Falco's clock starts at the Unix epoch (an offset moves a time by less than a day).
  if (year < 1969) return undefined;
  let utc = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  if (sign) {
    if (Number(oh) > 23 || Number(om) > 59) return undefined;
    const offsetMs = (sign === "+" ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60_000;
    // past 9999 toISOString writes six digits and a sign: refused below
    utc = new Date(Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s)) - offsetMs).toISOString().slice(0, 19);
  }
  if (utc < "1970" || utc[4] !== "-") return undefined;
  const digits = fraction.padEnd(9, "0");
  return { micros: `${utc}.${digits.slice(0, 6)}Z`, nanos: Number(digits.slice(6)) };
}
