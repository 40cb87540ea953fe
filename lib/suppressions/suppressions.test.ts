import { describe, expect, it } from "vitest";
import { confirmationNeeded } from "@/lib/suppressions/suppressions";

describe("confirmationNeeded", () => {
  const since = "2026-11-11T10:00:00.000Z";

  it("asks to confirm a rule that matches no alert, or every alert, of a completed count", () => {
    expect(confirmationNeeded({ since, total: null, alerts: 0, complete: true })).toMatch(/^confirm: this rule matches no alert since 2026-11-11/);
    expect(confirmationNeeded({ since, total: 40, alerts: 40, complete: true })).toMatch(/^confirm: this rule matches every alert of its tenants/);
    expect(confirmationNeeded({ since, total: 40, alerts: 39, complete: true })).toBeNull();
  });

  it("claims nothing of a count that ran out of time", () => {
    expect(confirmationNeeded({ since, total: null, alerts: 0, complete: false })).toBeNull();
    expect(confirmationNeeded({ since, total: null, alerts: 12, complete: false })).toBeNull();
  });
});
