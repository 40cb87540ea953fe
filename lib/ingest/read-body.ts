import type { IncomingMessage } from "node:http";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { AppError } from "@/lib/errors";

const gunzipAsync = promisify(gunzip);

/**
 * Reads a request body, refusing it as soon as it passes `maxBytes`, compressed or after
 * decompression: nothing larger than the limit is ever held in memory, and a gzip bomb stops at
 * the limit.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new AppError("unsupported_media_type", `content-encoding: ${encoding} is not supported; send gzip or no encoding`);
  }
  const tooLarge = () => new AppError("payload_too_large", `body: larger than ${maxBytes} bytes`);
  if (Number(req.headers["content-length"] ?? 0) > maxBytes) throw tooLarge();

  const raw = await readCapped(req, maxBytes, tooLarge);
  if (encoding === "identity") return raw.toString("utf8");
  try {
    return (await gunzipAsync(raw, { maxOutputLength: maxBytes })).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
    throw new AppError("invalid_input", "body: not valid gzip");
  }
}

/**
 * The body's bytes, refused once they pass `maxBytes`; the rest of a refused body is read and
 * dropped until the answer closes the connection. Listens to the stream's events: its async
 * iterator cost a tenth of the CPU of a single-alert request. Settling twice is harmless (a
 * promise keeps its first outcome), so the listeners stay until the request is gone.
 */
function readCapped(req: IncomingMessage, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // the sender's doing, not a fault here to log: the answer goes nowhere
    const hungUp = () => reject(new AppError("invalid_input", "body: the sender hung up before it was read"));
    // gone while the caller awaited something else: its events have been and will not come again
    if (req.destroyed) return hungUp();
    let chunks: Buffer[] | undefined = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (!chunks) return;
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
      } else {
        chunks = undefined;
        reject(tooLarge());
      }
    });
    req.on("end", () => {
      if (chunks) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on("error", hungUp);
    req.on("close", () => {
      if (!req.complete) hungUp();
    });
  });
}
