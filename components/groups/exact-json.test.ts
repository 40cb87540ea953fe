import { describe, expect, it } from "vitest";
import { formatJson, parseExactJson, showJsonValue } from "@/components/groups/exact-json";

describe("parseExactJson", () => {
  const canKeep = typeof (JSON as { rawJSON?: unknown }).rawJSON === "function";
  const parsed = () => parseExactJson('{"evt.time":1795771244100200300,"uid":33,"name":"cat"}') as Record<string, unknown>;

  it("parses JSON", () => {
    expect(showJsonValue(parsed()["uid"])).toBe("33");
    expect(showJsonValue(parsed()["name"])).toBe("cat");
  });

  // Chromium has JSON.rawJSON; Node 20, which runs this file, does not: the browser spec checks it there.
  it.skipIf(!canKeep)("keeps integers beyond 2^53 as their own digits", () => {
    expect(showJsonValue(parsed()["evt.time"])).toBe("1795771244100200300");
    expect(formatJson(parsed())).toContain('"evt.time": 1795771244100200300');
  });

  it("shows strings as they are and everything else as JSON", () => {
    expect(showJsonValue("=cmd")).toBe("=cmd");
    expect(showJsonValue(null)).toBe("null");
    expect(showJsonValue(["a", 1])).toBe('["a",1]');
    expect(showJsonValue(false)).toBe("false");
  });
});
