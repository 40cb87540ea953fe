import { getAuth } from "@/lib/auth/auth";

/*
 * better-auth's HTTP endpoints, limited to the OpenID Connect return leg: sign-in, sign-out and
 * setup go through Falconry's server actions (lib/auth/sign-in.ts), which throttle and audit. Any
 * other path under /api/auth answers 404, so nothing reaches better-auth around them.
 */
const exposed = /^\/api\/auth\/callback\/[^/]+$/;

async function handle(request: Request): Promise<Response> {
  if (!exposed.test(new URL(request.url).pathname)) {
    return Response.json({ error: "not found" }, { status: 404 });
  }
  return getAuth().handler(request);
}

export { handle as GET, handle as POST };
