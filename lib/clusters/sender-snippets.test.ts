import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { senderSnippets, type Sender } from "@/lib/clusters/sender-snippets";

const token = "fry_ingest_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

function snippet(sender: Sender, baseUrl: string): string {
  const found = senderSnippets({ baseUrl, token }).find((s) => s.sender === sender);
  if (!found) throw new Error(`no snippet for ${sender}`);
  return found.text;
}

describe("senderSnippets", () => {
  it("is what the README shows, for its example address and placeholder token", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    const codeBlocks = [...readme.matchAll(/^```\w*\n([\s\S]*?)\n```$/gm)].map((match) => match[1]);
    const snippets = senderSnippets({ baseUrl: "https://falconry.example.com", token: "fry_ingest_…" });
    expect(snippets.map((s) => s.sender)).toEqual(["falcosidekick", "falco", "fluent-bit"]);
    for (const { text } of snippets) expect(codeBlocks).toContain(text);
  });

  it("sends Falcosidekick's token in the Authorization header and Falco's in the path", () => {
    expect(snippet("falcosidekick", "https://falconry.example.com")).toContain(
      `address: "https://falconry.example.com/api/v1/ingest"\n  customHeaders:\n    Authorization: "Bearer ${token}"`,
    );
    expect(snippet("falco", "https://falconry.example.com")).toContain(`url: "https://falconry.example.com/api/v1/ingest/${token}"`);
    expect(snippet("falco", "https://falconry.example.com")).toMatch(/^json_output: true\b/);
    expect(snippet("fluent-bit", "https://falconry.example.com")).toContain(`    Header            Authorization Bearer ${token}\n`);
  });

  it("keeps a path prefix and drops a trailing slash", () => {
    expect(snippet("falcosidekick", "https://example.com/falconry/")).toContain('address: "https://example.com/falconry/api/v1/ingest"');
    expect(snippet("falco", "https://example.com/falconry")).toContain(`url: "https://example.com/falconry/api/v1/ingest/${token}"`);
    expect(snippet("fluent-bit", "https://example.com/falconry/")).toContain("    URI               /falconry/api/v1/ingest\n");
  });

  it("gives Fluent Bit the host, port and TLS setting of a plain-HTTP address", () => {
    const text = snippet("fluent-bit", "http://127.0.0.1:3000");
    expect(text).toContain("    Host              127.0.0.1\n    Port              3000\n");
    expect(text).toMatch(/    tls               Off$/);
    expect(text).not.toContain("tls.verify");
    expect(snippet("fluent-bit", "http://[::1]:8080")).toContain("    Host              ::1\n    Port              8080\n");
    expect(snippet("fluent-bit", "http://falconry.internal")).toContain("    Port              80\n");
  });
});
