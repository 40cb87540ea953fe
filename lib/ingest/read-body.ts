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

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks, size);
  if (encoding === "identity") return raw.toString("utf8");
  try {
    return (await gunzipAsync(raw, { maxOutputLength: maxBytes })).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
    throw new AppError("invalid_input", "body: not valid gzip");
  }
}
