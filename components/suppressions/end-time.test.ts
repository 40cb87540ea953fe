import { describe, expect, it } from "vitest";
import { endsAtOf, utcTimeOf } from "@/components/suppressions/end-time";

describe("endsAtOf", () => {
  const now = Date.parse("2026-12-01T10:00:00Z");
  it("counts quick choices from now, keeps forever and the rule's own end apart", () => {
    expect(endsAtOf("7d", "", now)).toEqual({ endsAt: "2026-12-08T10:00:00.000Z" });
    expect(endsAtOf("forever", "", now)).toEqual({ endsAt: null });
    expect(endsAtOf("keep", "", now)).toEqual({ endsAt: undefined });
  });
  it("reads a custom time as UTC, and says when there is none", () => {
    expect(endsAtOf("custom", "2026-12-31T23:30", now)).toEqual({ endsAt: "2026-12-31T23:30:00.000Z" });
    expect(endsAtOf("custom", "", now)).toEqual({ error: "End: choose a custom end time (UTC)" });
    expect(utcTimeOf("tomorrow")).toBeNull();
  });
});
