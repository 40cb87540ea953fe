import { callerFrom, type Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { toHttpError } from "@/lib/server/http-errors";
import { formatPath, pathOfNul } from "@/lib/validation";

interface RouteContext<Params> {
  request: Request;
  caller: Caller | null;
  params: Params;
}

/**
 * A JSON route handler: the caller comes from the session cookie or personal API token (never
 * from the body), the handler's value is the answer, and thrown errors become their status with
 * `{"error": ...}`. Cross-site refusal happens before this, in proxy.ts. A browser signed in with a
 * one-time password may do nothing until its person chooses their own, as with pages
 * (lib/auth/page-caller.ts); a personal API token is its owner's own choice and is unaffected.
 */
export function apiRoute<Params = Record<string, never>>(handler: (context: RouteContext<Params>) => Promise<unknown>) {
  return async (request: Request, { params }: { params: Promise<Params> }): Promise<Response> => {
    try {
      const caller = await callerFrom(request.headers);
      if (caller?.sessionId && caller.mustChangePassword) {
        throw new AppError("forbidden", "password: choose a new password at /account first");
      }
      const body = await handler({ request, caller, params: await params });
      return body instanceof Response ? body : Response.json(body, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      const { status, body } = toHttpError(error);
      return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
    }
  };
}

/** The request's JSON body, or a 400 naming what is wrong. */
export async function jsonBody(request: Request): Promise<unknown> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("invalid_input", "body: not valid JSON");
  }
  const nulAt = pathOfNul(body);
  if (nulAt) throw new AppError("invalid_input", `${formatPath(nulAt) || "body"}: must not contain NUL characters`);
  return body;
}
