import { describe, expect, it } from "vitest";
import { parseFalcoTime } from "@/lib/ingest/falco-time";

describe("parseFalcoTime", () => {
  it("keeps all nine fractional digits: micros in the timestamp, the rest as nanos", () => {
    expect(parseFalcoTime("2026-11-25T09:14:02.511093874Z")).toEqual({
      micros: "2026-11-25T09:14:02.511093Z",
      nanos: 874,
    });
  });

  it("pads fewer fractional digits with zeros", () => {
    expect(parseFalcoTime("2026-11-25T09:14:02.5Z")).toEqual({ micros: "2026-11-25T09:14:02.500000Z", nanos: 0 });
    expect(parseFalcoTime("2026-11-25T09:14:02.5110938Z")).toEqual({
      micros: "2026-11-25T09:14:02.511093Z",
      nanos: 800,
    });
  });

  it("reads a time without a fraction", () => {
    expect(parseFalcoTime("2026-11-25T09:14:02Z")).toEqual({ micros: "2026-11-25T09:14:02.000000Z", nanos: 0 });
  });

  it("converts offsets to UTC", () => {
    expect(parseFalcoTime("2026-11-25T09:14:02.000000001+02:00")).toEqual({
      micros: "2026-11-25T07:14:02.000000Z",
      nanos: 1,
    });
    expect(parseFalcoTime("2026-11-25T22:00:00-05:30")).toEqual({ micros: "2026-11-26T03:30:00.000000Z", nanos: 0 });
  });

  it("accepts a lowercase t and z", () => {
    expect(parseFalcoTime("2026-11-25t09:14:02.511093874z")).toEqual({
      micros: "2026-11-25T09:14:02.511093Z",
      nanos: 874,
    });
  });

  it("rejects text that is not an RFC 3339 time", () => {
    for (const text of ["", "yesterday", "2026-11-25", "2026-11-25T09:14:02", "1795770842511093874", "2026-11-25T09:14:02.1234567890Z"]) {
      expect(parseFalcoTime(text), text).toBeUndefined();
    }
  });

  it("rejects dates and times that do not exist", () => {
    for (const text of ["2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-25T25:00:00Z", "2026-11-25T09:60:00Z"]) {
      expect(parseFalcoTime(text), text).toBeUndefined();
    }
  });

  it("knows leap years", () => {
    expect(parseFalcoTime("2024-02-29T00:00:00Z")).toEqual({ micros: "2024-02-29T00:00:00.000000Z", nanos: 0 });
    expect(parseFalcoTime("2000-02-29T00:00:00Z")).toEqual({ micros: "2000-02-29T00:00:00.000000Z", nanos: 0 });
    expect(parseFalcoTime("2026-02-29T00:00:00Z")).toBeUndefined();
    expect(parseFalcoTime("2100-02-29T00:00:00Z")).toBeUndefined();
  });

  it("rejects times before 1970 in UTC", () => {
    expect(parseFalcoTime("1969-12-31T23:30:00-01:00")).toEqual({ micros: "1970-01-01T00:30:00.000000Z", nanos: 0 });
    expect(parseFalcoTime("1969-12-31T23:59:59Z")).toBeUndefined();
    expect(parseFalcoTime("1970-01-01T00:30:00+01:00")).toBeUndefined();
    expect(parseFalcoTime("1970-01-01T00:00:00Z")).toEqual({ micros: "1970-01-01T00:00:00.000000Z", nanos: 0 });
  });

  it("rejects offsets with more than 23 hours or 59 minutes", () => {
    expect(parseFalcoTime("2026-11-25T09:14:02+24:00")).toBeUndefined();
    expect(parseFalcoTime("2026-11-25T09:14:02+01:60")).toBeUndefined();
  });

  it("rejects a time that its offset moves past year 9999", () => {
    expect(parseFalcoTime("9999-12-31T23:30:00-01:00")).toBeUndefined();
    expect(parseFalcoTime("9999-12-31T23:30:00Z")).toEqual({ micros: "9999-12-31T23:30:00.000000Z", nanos: 0 });
  });
});
