import { describe, expect, it } from "vitest";
import { thrownAppError } from "@/test/helpers/thrown-app-error";
import { createTenantResolver, exactNamespacePattern, globMatcher, parseNamespacePatterns } from "@/lib/tenants/namespace-patterns";

describe("parseNamespacePatterns", () => {
  it("reads a comma-separated list of CLUSTER/NAMESPACE patterns", () => {
    expect(parseNamespacePatterns("prod-*/payments,*/team-a-*,dev.eu_1/x")).toEqual([
      { clusterPattern: "prod-*", namespacePattern: "payments" },
      { clusterPattern: "*", namespacePattern: "team-a-*" },
      { clusterPattern: "dev.eu_1", namespacePattern: "x" },
    ]);
  });

  it("ignores whitespace and empty items", () => {
    expect(parseNamespacePatterns("  prod-*/payments ,\n */team-a ,, ")).toEqual([
      { clusterPattern: "prod-*", namespacePattern: "payments" },
      { clusterPattern: "*", namespacePattern: "team-a" },
    ]);
  });

  it("rejects an empty list with an invalid_input AppError", () => {
    for (const text of ["", "  ", ", ,"]) {
      const error = thrownAppError(() => parseNamespacePatterns(text));
      expect(error.code).toBe("invalid_input");
      expect(error.message).toMatch(/^namespaces: /);
    }
  });

  it("names the item that is not CLUSTER/NAMESPACE", () => {
    for (const bad of ["payments", "a/b/c", "/payments", "prod/", "prod eu/x", "prod/pay$", "prod/p?"]) {
      const error = thrownAppError(() => parseNamespacePatterns(`prod-*/ok,${bad}`));
      expect(error.code, bad).toBe("invalid_input");
      expect(error.message, bad).toContain(`"${bad}"`);
      expect(error.message, bad).not.toContain("prod-*/ok");
    }
  });

  it("rejects a part longer than 253 characters", () => {
    const error = thrownAppError(() => parseNamespacePatterns(`prod/${"a".repeat(254)}`));
    expect(error.code).toBe("invalid_input");
    expect(parseNamespacePatterns(`prod/${"a".repeat(253)}`)).toHaveLength(1);
  });
});

describe("exactNamespacePattern", () => {
  it("names one pair exactly, and refuses names no pattern can hold alone", () => {
    expect(exactNamespacePattern("prod-eu-1", "payments")).toEqual({ clusterPattern: "prod-eu-1", namespacePattern: "payments" });
    for (const [cluster, namespace] of [["dev", "team-*"], ["dev", "x,prod/payments"], ["dev/x", "y"], ["dev", ""], ["dev", "a b"]]) {
      expect(exactNamespacePattern(cluster!, namespace!)).toBeNull();
    }
  });
});

describe("globMatcher", () => {
  it("matches text exactly when there is no *", () => {
    const matches = globMatcher("payments");
    expect(matches("payments")).toBe(true);
    expect(matches("payments-v2")).toBe(false);
    expect(matches("Payments")).toBe(false);
  });

  it("lets * match any run of characters, including none, anywhere", () => {
    expect(globMatcher("prod-*")("prod-eu-1")).toBe(true);
    expect(globMatcher("prod-*")("prod-")).toBe(true);
    expect(globMatcher("*-eu-1")("prod-eu-1")).toBe(true);
    expect(globMatcher("team-*-web")("team-a-web")).toBe(true);
    expect(globMatcher("team-*-web")("team-a-api")).toBe(false);
    expect(globMatcher("*")("anything")).toBe(true);
    expect(globMatcher("a*b*c")("a-x-b-y-c")).toBe(true);
  });

  it("matches . and other regex metacharacters literally", () => {
    expect(globMatcher("dev.eu*")("dev.eu-1")).toBe(true);
    expect(globMatcher("dev.eu*")("devxeu-1")).toBe(false);
    expect(globMatcher("a+b*")("a+b1")).toBe(true);
    expect(globMatcher("a+b*")("aab1")).toBe(false);
  });

  it("is anchored at both ends", () => {
    expect(globMatcher("prod-*")("my-prod-eu")).toBe(false);
    expect(globMatcher("*-eu")("prod-eu-1")).toBe(false);
    expect(globMatcher("team-*-web")("team-a-web\n")).toBe(false);
  });

  it("never lets the first and last parts overlap, and takes stars in a row as one", () => {
    expect(globMatcher("ab*ba")("aba")).toBe(false);
    expect(globMatcher("ab*ba")("abba")).toBe(true);
    expect(globMatcher("a**b")("ab")).toBe(true);
    expect(globMatcher("*a*a*")("a")).toBe(false);
    expect(globMatcher("*a*a*")("aa")).toBe(true);
  });

  it("agrees with the regex a glob reads as, for every short text over its letters", () => {
    const globs = ["*", "a*", "*a", "a*b", "*ab*", "a*a*a", "*-*-db", "ab*ba", "*a*b*a*"];
    const texts = [""];
    for (let length = 1; length <= 6; length++) {
      for (const text of texts.filter((t) => t.length === length - 1)) texts.push(`${text}a`, `${text}b`, `${text}-`);
    }
    for (const glob of globs) {
      const regex = new RegExp(`^${glob.replaceAll("-", "\\-").replaceAll("*", ".*")}$`);
      for (const text of texts) expect(globMatcher(glob)(text), `${glob} on "${text}"`).toBe(regex.test(text));
    }
  });

  it("answers at once for stars against a long name that almost matches, which made a regex backtrack for minutes", () => {
    expect(globMatcher("*-*-*-*-*-db")("-".repeat(253))).toBe(false);
    expect(globMatcher("*-*-*-*-*-db")(`${"-".repeat(250)}db`)).toBe(true);
  });
});

describe("createTenantResolver", () => {
  const resolve = createTenantResolver([
    { tenantId: "payments", patterns: parseNamespacePatterns("prod-*/payments,prod-*/payments-*") },
    { tenantId: "platform", patterns: parseNamespacePatterns("*/kube-system,prod-eu-1/*") },
    { tenantId: "catch-all", patterns: parseNamespacePatterns("prod-eu-1/payments") },
  ]);

  it("returns the tenant whose pattern matches both cluster and namespace", () => {
    expect(resolve("prod-us-2", "payments-batch")).toBe("payments");
    expect(resolve("dev", "kube-system")).toBe("platform");
    expect(resolve("prod-eu-1", "checkout")).toBe("platform");
  });

  it("gives the namespace to the first tenant, in order, when several match", () => {
    expect(resolve("prod-eu-1", "payments")).toBe("payments");
    expect(resolve("prod-eu-1", "kube-system")).toBe("platform");
  });

  it("returns null when no tenant matches", () => {
    expect(resolve("dev", "payments")).toBeNull();
    expect(resolve("staging", "checkout")).toBeNull();
    expect(createTenantResolver([])("prod-eu-1", "payments")).toBeNull();
  });
});
