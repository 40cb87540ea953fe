import { describe, expect, it } from "vitest";
import { RawJson, stringifyWithRaw } from "@/lib/server/raw-json";

describe("stringifyWithRaw", () => {
  it("writes raw JSON as it is, keeping integers a number would round", () => {
    const fields = '{"evt.time": 1732512345123456789, "proc.name": "sh"}';
    const text = stringifyWithRaw({ items: [{ id: "1", outputFields: new RawJson(fields) }, { id: "2", outputFields: null }] });
    expect(text).toBe(`{"items":[{"id":"1","outputFields":${fields}},{"id":"2","outputFields":null}]}`);
    expect(text).toContain("1732512345123456789");
  });

  it("leaves strings that look like its markers alone", () => {
    const sneaky = "\u0000deadbeefdeadbeef:0";
    expect(JSON.parse(stringifyWithRaw({ sneaky, raw: new RawJson("[1]") }))).toEqual({ sneaky, raw: [1] });
  });
});
