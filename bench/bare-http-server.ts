// The HTTP ceiling of bench:ingest (bench/http-ceiling.ts): bare node:http that reads each POST's
// body, parses it as JSON and answers as ingest does, storing nothing. Listens on PORT and prints
// "listening" once it does.
import { createServer } from "node:http";

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const json = JSON.stringify({ accepted: Array.isArray(body) ? body.length : 1, duplicates: 0, rejected: [] });
    res.writeHead(200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(json),
      "Cache-Control": "no-store",
    });
    res.end(json);
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));
