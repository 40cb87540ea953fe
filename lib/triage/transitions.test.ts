import { describe, expect, it } from "vitest";
import { groupStatuses, isClosed, planTransition } from "@/lib/triage/transitions";

describe("planTransition", () => {
  it.each([
    ["open", "acknowledged", undefined],
    ["open", "resolved", "patched the image"],
    ["open", "false_positive", "expected backup job"],
    ["acknowledged", "resolved", "fixed"],
    ["acknowledged", "false_positive", "benign"],
    ["resolved", "open", undefined],
    ["false_positive", "open", undefined],
  ] as const)("lets %s go to %s", (from, to, reason) => {
    expect(planTransition(from, to, reason)).toEqual({ status: to, reason: reason ?? null });
  });

  it.each([
    ["acknowledged", "open"],
    ["resolved", "acknowledged"],
    ["resolved", "false_positive"],
    ["false_positive", "resolved"],
    ["false_positive", "acknowledged"],
  ] as const)("refuses %s to %s, naming the status", (from, to) => {
    const result = planTransition(from, to, "a reason");
    expect(result).toEqual({ error: expect.stringMatching(new RegExp(`^status: a group cannot go from ${from} to ${to}`)) });
  });

  it("refuses to close without a reason, naming the reason", () => {
    expect(planTransition("open", "resolved")).toEqual({ error: "reason: required to mark a group resolved" });
    expect(planTransition("acknowledged", "false_positive", "   ")).toEqual({ error: "reason: required to mark a group false_positive" });
  });

  it("says a group is already where it was asked to go", () => {
    for (const status of groupStatuses) expect(planTransition(status, status, "x")).toEqual({ error: `status: already ${status}` });
  });

  it("keeps a reason given when opening or acknowledging, trimmed", () => {
    expect(planTransition("resolved", "open", "  came back ")).toEqual({ status: "open", reason: "came back" });
  });

  it("counts resolved and false_positive as closed", () => {
    expect(groupStatuses.filter(isClosed)).toEqual(["resolved", "false_positive"]);
  });
});
