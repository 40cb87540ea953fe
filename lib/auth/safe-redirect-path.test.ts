import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/auth/safe-redirect-path";

describe("safeRedirectPath", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeRedirectPath("/t/alpha?priority=critical#group-7")).toBe("/t/alpha?priority=critical#group-7");
    expect(safeRedirectPath("/account")).toBe("/account");
  });

  it.each([
    ["a tab the URL parser strips", "/\t/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["a protocol-relative URL", "//evil.example"],
    ["a backslash read as a slash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["an absolute URL", "https://evil.example/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["dot segments that collapse into //", "/.//evil.example"],
    ["dot-dot segments that collapse into //", "/x/..//evil.example"],
  ])("sends %s home", (_case, next) => {
    expect(safeRedirectPath(next)).toBe("/");
  });

  it("sends anything that is not a string, or is empty, home", () => {
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath("")).toBe("/");
    expect(safeRedirectPath(new File([], "x"))).toBe("/");
  });
});
