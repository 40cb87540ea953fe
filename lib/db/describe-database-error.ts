/**
 * One line saying what to do about a failure to reach or use the database, or undefined when the
 * error is not about the connection.
 */
export function describeDatabaseError(error: unknown, databaseUrl: string): string | undefined {
  const { code } = (error ?? {}) as { code?: string };
  let where = "the database";
  let database = "";
  try {
    const url = new URL(databaseUrl);
    where = `the database at ${url.hostname}:${url.port || 5432}`;
    database = decodeURIComponent(url.pathname.slice(1));
  } catch {
    // not a URL: keep the generic wording
  }
  switch (code) {
    case "ECONNREFUSED":
      return `cannot reach ${where} (connection refused): is PostgreSQL running there? Check DATABASE_URL, or unset it to use the embedded PostgreSQL.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot reach ${where} (unknown host): check DATABASE_URL.`;
    case "ETIMEDOUT":
    case "CONNECT_TIMEOUT":
      return `cannot reach ${where} (timed out): check DATABASE_URL and the network.`;
    case "28P01":
    case "28000":
      return `${where} refused the user or password in DATABASE_URL.`;
    case "3D000":
      return `${where} has no database "${database}": create it (createdb ${database}) or fix DATABASE_URL.`;
    default:
      return undefined;
  }
}
