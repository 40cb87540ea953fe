import { describe, expect, it } from "vitest";
import { auditQuerySchema, auditQueryString } from "@/lib/audit/audit-query";
import { describeIssues } from "@/lib/validation";

function problem(query: Record<string, unknown>): string {
  const parsed = auditQuerySchema.safeParse(query);
  if (parsed.success) throw new Error("expected the query to be refused");
  return describeIssues(parsed.error.issues);
}

describe("auditQuerySchema", () => {
  it("reads filters and the keyset id, and treats blank fields as no filter", () => {
    expect(auditQuerySchema.parse({ actor: " ann@", action: "ingest-token.", objectType: "", before: "9007199254740993", limit: "20" })).toEqual({
      actor: "ann@",
      action: "ingest-token.",
      objectType: undefined,
      before: 9007199254740993n,
      limit: 20,
    });
    expect(auditQuerySchema.parse({})).toEqual({});
  });

  it("refuses bad values with a message naming the parameter", () => {
    expect(problem({ before: "abc" })).toBe("before: not an event id");
    expect(problem({ before: "0" })).toBe("before: not an event id");
    expect(problem({ before: "9223372036854775808" })).toBe("before: not an event id");
    expect(problem({ limit: "0" })).toBe("limit: a whole number from 1 to 500");
    expect(problem({ limit: "-5" })).toBe("limit: a whole number from 1 to 500");
    expect(problem({ action: "x".repeat(101) })).toBe("action: at most 100 characters");
    expect(problem({ actor: ["a", "b"] })).toMatch(/^actor: /);
  });
});

describe("auditQueryString", () => {
  it("keeps the filters and moves the start", () => {
    expect(auditQueryString({ actor: "ann@example.com", action: "cluster.", limit: 2 }, 41n)).toBe("actor=ann%40example.com&action=cluster.&limit=2&before=41");
    expect(auditQueryString({})).toBe("");
  });
});
