import { connect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { Measurement } from "@/bench/figures";

export interface IngestTarget {
  port: number;
  token: string;
}

/** One request's body, ready to send, and how many alerts it carries. */
export interface Payload {
  body: Buffer;
  alerts: number;
}

export interface LoadOptions {
  senders: number;
  /** Senders stop taking new payloads after this long, whatever is left. */
  maxMs: number;
}

/**
 * Sends the payloads from `senders` concurrent keep-alive connections, each sender posting its
 * next payload as soon as the previous one is answered. Every answer must be 200 with every alert
 * accepted: anything else fails the run, since the figures would not be about storing alerts.
 *
 * The client is a few lines over raw sockets, like wrk: Node's http.request costs about as much
 * CPU per request as the ingest handler itself, and on a 2-core machine the load generator would
 * otherwise measure mostly itself.
 */
export async function postConcurrently(target: IngestTarget, payloads: Payload[], options: LoadOptions): Promise<Measurement> {
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let alerts = 0;
  const startedAt = performance.now();
  const deadline = startedAt + options.maxMs;

  const send = async () => {
    const connection = await KeepAliveConnection.open(target.port);
    try {
      while (next < payloads.length && performance.now() < deadline) {
        const payload = payloads[next++]!;
        const sentAt = performance.now();
        const answer = await connection.post(requestBytes(target.token, payload.body));
        latenciesMs.push(performance.now() - sentAt);
        const failure = problemWith(answer, payload.alerts);
        if (failure) failures.push(failure);
        else alerts += payload.alerts;
      }
    } finally {
      connection.close();
    }
  };
  await Promise.all(Array.from({ length: options.senders }, send));
  const wallMs = performance.now() - startedAt;
  if (failures.length > 0) {
    throw new Error(`${failures.length} of ${latenciesMs.length} requests failed; the first: ${failures[0]}`);
  }
  return { alerts, wallMs, latenciesMs };
}

function requestBytes(token: string, body: Buffer): Buffer {
  const head =
    "POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
    `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

interface Answer {
  status: number;
  body: string;
}

/** One HTTP/1.1 connection posting one request at a time and reading answers with a Content-Length. */
class KeepAliveConnection {
  #received: Buffer = Buffer.alloc(0);
  #waiting: { resolve(answer: Answer): void; reject(error: Error): void } | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
      this.#answerIfComplete();
    });
    const fail = (error: Error) => {
      this.#waiting?.reject(error);
      this.#waiting = undefined;
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("the server closed the connection")));
  }

  static open(port: number): Promise<KeepAliveConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new KeepAliveConnection(socket)));
      socket.once("error", reject);
    });
  }

  post(request: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  #answerIfComplete(): void {
    const headEnd = this.#received.indexOf("\r\n\r\n");
    if (headEnd === -1 || !this.#waiting) return;
    const head = this.#received.toString("latin1", 0, headEnd);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (Number.isNaN(length)) return this.#waiting.reject(new Error(`an answer without Content-Length: ${head}`));
    const end = headEnd + 4 + length;
    if (this.#received.length < end) return;
    const answer = { status: Number(head.slice(9, 12)), body: this.#received.toString("utf8", headEnd + 4, end) };
    this.#received = this.#received.subarray(end);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting.resolve(answer);
  }
}

function problemWith({ status, body }: Answer, sent: number): string | null {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
  const answer = JSON.parse(body) as { accepted?: unknown };
  return answer.accepted === sent ? null : `accepted ${String(answer.accepted)} of ${sent}: ${body.slice(0, 300)}`;
}
