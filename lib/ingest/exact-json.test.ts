import { describe, expect, it } from "vitest";
import { bigIntegerText, parseExact, stringifyExact } from "@/lib/ingest/exact-json";

const roundTrip = (json: string) => stringifyExact(parseExact(json));

describe("parseExact and stringifyExact", () => {
  it("keep a 64-bit integer exact through parse and stringify", () => {
    const json = '{"evt.time":1795770842511093874}';
    const parsed = parseExact(json) as Record<string, unknown>;
    expect(bigIntegerText(parsed["evt.time"])).toBe("1795770842511093874");
    expect(stringifyExact(parsed)).toBe(json);
  });

  it("keep a negative integer just beyond 2^53 exact", () => {
    const parsed = parseExact("[-9007199254740993]") as unknown[];
    expect(bigIntegerText(parsed[0])).toBe("-9007199254740993");
    expect(stringifyExact(parsed)).toBe("[-9007199254740993]");
  });

  it("keep big integers exact inside arrays and nested objects", () => {
    const json = '{"a":[1,1795770842511093874,{"b":{"c":-18446744073709551615}}],"d":99999999999999999999}';
    expect(roundTrip(json)).toBe(json);
  });

  it("leave safe integers and floats as plain numbers", () => {
    const parsed = parseExact('{"safe":9007199254740991,"small":42,"negative":-7,"float":3.25}');
    expect(parsed).toEqual({ safe: 9007199254740991, small: 42, negative: -7, float: 3.25 });
  });

  it("leave digits inside strings untouched", () => {
    const json = '{"s":"1795770842511093874","t":"id 12345678901234567890 end"}';
    expect(parseExact(json)).toEqual({ s: "1795770842511093874", t: "id 12345678901234567890 end" });
    expect(roundTrip(json)).toBe(json);
  });

  it("leave digits inside strings with escaped quotes untouched", () => {
    const json = '{"s":"say \\"12345678901234567890\\" twice","n":12345678901234567890}';
    const parsed = parseExact(json) as Record<string, unknown>;
    expect(parsed["s"]).toBe('say "12345678901234567890" twice');
    expect(bigIntegerText(parsed["n"])).toBe("12345678901234567890");
  });

  it("see the end of a string that ends in an escaped backslash", () => {
    const json = '["a\\\\",1795770842511093874,"b\\\\\\\\","12345678901234567890"]';
    const parsed = parseExact(json) as unknown[];
    expect(parsed[0]).toBe("a\\");
    expect(bigIntegerText(parsed[1])).toBe("1795770842511093874");
    expect(parsed[2]).toBe("b\\\\");
    expect(parsed[3]).toBe("12345678901234567890");
    expect(stringifyExact(parsed)).toBe(json);
  });

  it("do not treat fraction or exponent numbers as big integers", () => {
    const parsed = parseExact("[1.2345678901234567890,1234567890123456789e3,1234567890123456789E3]") as unknown[];
    expect(parsed).toEqual([1.2345678901234567, 1.234567890123456789e21, 1.234567890123456789e21]);
    expect(parsed.map(bigIntegerText)).toEqual([undefined, undefined, undefined]);
  });

  it("parse valid JSON whose exponent has many digits, as JSON.parse does", () => {
    expect(parseExact("[1e-12345678901234567]")).toEqual(JSON.parse("[1e-12345678901234567]"));
    expect(parseExact("[1E+12345678901234567]")).toEqual(JSON.parse("[1E+12345678901234567]"));
  });

  it("do not turn a sender's string that starts with NUL into a number", () => {
    const json = '{"forged":"\\u0000abcdef012345:12345678901234567890"}';
    const parsed = parseExact(json) as Record<string, unknown>;
    expect(parsed["forged"]).toBe("\u0000abcdef012345:12345678901234567890");
    expect(bigIntegerText(parsed["forged"])).toBeUndefined();
    expect(stringifyExact(parsed)).toBe(json);
  });

  it("still throw on invalid JSON", () => {
    expect(() => parseExact("{")).toThrow(SyntaxError);
    expect(() => parseExact('{"a":12345678901234567890')).toThrow(SyntaxError);
    expect(() => parseExact("[1795770842511093874,]")).toThrow(SyntaxError);
  });

  it("throw on an integer with leading zeros, as JSON.parse does", () => {
    // Written back as bare digits, such a number would make PostgreSQL reject the jsonb.
    expect(() => JSON.parse("[012345678901234567890]")).toThrow(SyntaxError);
    expect(() => parseExact("[012345678901234567890]")).toThrow(SyntaxError);
  });

  it("throw on an integer where a key belongs, as JSON.parse does", () => {
    // Quoted, it would parse; written back as bare digits, it would make the batch's JSON invalid.
    for (const json of ['{"rule":"r",12345678901234567890:1}', '{12345678901234567890 :1}', '{"a":{12345678901234567890\n:{}}}']) {
      expect(() => JSON.parse(json)).toThrow(SyntaxError);
      expect(() => parseExact(json)).toThrow(SyntaxError);
    }
  });
});

describe("bigIntegerText", () => {
  it("is undefined for anything parseExact did not keep", () => {
    expect(bigIntegerText("1795770842511093874")).toBeUndefined();
    expect(bigIntegerText(42)).toBeUndefined();
    expect(bigIntegerText(null)).toBeUndefined();
    expect(bigIntegerText(undefined)).toBeUndefined();
  });
});
