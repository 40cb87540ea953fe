import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBody } from "@/lib/ingest/read-body";

/** What each request's readBody came to, by the request's x-case header. */
const outcomes = new Map<string, Promise<string>>();
const server = createServer((req, res) => {
  const outcome = outcomeOf(req);
  outcomes.set(String(req.headers["x-case"]), outcome);
  void outcome.finally(() => res.end());
});

async function outcomeOf(req: IncomingMessage): Promise<string> {
  // stands for what the handler awaits before reading (the token's lookup)
  await sleep(Number(req.headers["x-delay"]));
  return readBody(req, 1_000_000).then(
    (body) => `read ${body.length}`,
    (error: Error) => `refused: ${error.message}`,
  );
}

beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends `sent` of 100 announced bytes, then hangs up. */
async function abandon(name: string, options: { delayMs: number; sent: number }): Promise<string> {
  const { port } = server.address() as AddressInfo;
  const req = request({ port, host: "127.0.0.1", method: "POST", headers: { "x-case": name, "x-delay": options.delayMs, "content-length": 100 } });
  req.on("error", () => {});
  req.write("x".repeat(options.sent));
  await sleep(100);
  req.destroy();
  await sleep(options.delayMs + 100);
  const outcome = outcomes.get(name);
  return outcome ? Promise.race([outcome, sleep(2_000, "still waiting")]) : "never arrived";
}

describe("readBody", () => {
  const hungUp = "refused: body: the sender hung up before it was read";

  it("refuses a body whose sender hangs up halfway", async () => {
    expect(await abandon("halfway", { delayMs: 0, sent: 50 })).toBe(hungUp);
  });

  it("refuses a body whose sender hung up before it was read", async () => {
    expect(await abandon("before, halfway", { delayMs: 300, sent: 50 })).toBe(hungUp);
    expect(await abandon("before, whole", { delayMs: 300, sent: 100 })).toBe(hungUp);
  });
});
