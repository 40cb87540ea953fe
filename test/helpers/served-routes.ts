import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Every route.ts and page.tsx under `dir` (app/ by default), as paths from the project root. */
export function servedFiles(dir = "app"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return servedFiles(file);
    return entry.name === "route.ts" || entry.name === "page.tsx" ? [file] : [];
  });
}

/** Each HTTP method a file answers: the handlers a route.ts exports, GET for a page. */
export function methodsOf(file: string): string[] {
  if (file.endsWith("page.tsx")) return ["GET"];
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
}
