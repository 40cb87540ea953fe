/** A refusal from Falconry's API: its own message, and the HTTP status it came with. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Fetches JSON from Falconry's API; a refusal becomes an Error carrying the API's own message. */
export async function requestJson<T>(url: string, init: RequestInit & { signal?: AbortSignal } = {}, parse: (text: string) => unknown = JSON.parse): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { Accept: "application/json", ...(init.body ? { "Content-Type": "application/json" } : {}) },
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = parse(text);
  } catch {
    // not JSON: said below by the status alone
  }
  if (!response.ok) {
    const error = typeof body === "object" && body !== null && "error" in body && typeof body.error === "string" ? body.error : null;
    throw new RequestError(error ?? `Falconry answered HTTP ${response.status}`, response.status);
  }
  return body as T;
}
