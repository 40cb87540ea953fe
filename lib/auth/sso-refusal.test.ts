import { describe, expect, it } from "vitest";
import { deactivatedRefusal, describeSsoRefusal } from "@/lib/auth/sso-refusal";

describe("describeSsoRefusal", () => {
  it("says why for the refusals a person can act on", () => {
    expect(describeSsoRefusal("signup_disabled")).toBe(
      "Single sign-on did not sign you in: Falconry has no account for that email. Ask an administrator to create one.",
    );
    expect(describeSsoRefusal(deactivatedRefusal)).toBe("Single sign-on did not sign you in: your Falconry account is deactivated.");
    expect(describeSsoRefusal("account_not_linked")).toBe("Single sign-on did not sign you in: the provider has not verified your email.");
  });

  it("never repeats what the URL says: an unknown code gets the general sentence", () => {
    for (const code of ["state_mismatch", "Call 555-0100 to unlock your account", "toString", "__proto__"]) {
      expect(describeSsoRefusal(code)).toBe("Single sign-on did not sign you in. Try again, or ask an administrator.");
    }
  });

  it("reads a repeated error parameter", () => {
    expect(describeSsoRefusal(["sso", "signup_disabled"])).toContain("has no account for that email");
  });
});
