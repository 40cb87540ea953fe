import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { initialScope } from "@/lib/users/initial-scope";
import { readUserForm } from "@/lib/users/user-form";
import { describeIssues } from "@/lib/validation";

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) data.append(name, item);
  return data;
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ZodError) return describeIssues(error.issues);
    throw error;
  }
  throw new Error("expected a ZodError");
}

describe("readUserForm", () => {
  it("reads a person scoped to the tenants ticked", () => {
    expect(readUserForm(form({ email: " Ann@Example.com ", role: "analyst", scope: "chosen", tenants: ["alpha", "beta"] }))).toEqual({
      email: "ann@example.com",
      role: "analyst",
      allTenants: false,
      tenants: ["alpha", "beta"],
    });
  });

  it("drops the tenants ticked for every-tenant people, and admins always see every tenant", () => {
    expect(readUserForm(form({ email: "a@example.com", role: "viewer", scope: "all", tenants: "alpha" }))).toMatchObject({ allTenants: true, tenants: [] });
    expect(readUserForm(form({ email: "a@example.com", role: "admin", scope: "chosen" }))).toMatchObject({ allTenants: true, tenants: [] });
  });

  it("names the field that is wrong", () => {
    expect(messageOf(() => readUserForm(form({ email: "a@example.com", role: "analyst", scope: "chosen" })))).toBe(
      "tenants: tick at least one tenant, or choose All tenants",
    );
    expect(messageOf(() => readUserForm(form({ email: "nope", role: "owner", scope: "all" })))).toBe(
      "email: not an email address; role: must be one of admin, analyst, viewer",
    );
    expect(messageOf(() => readUserForm(form({ email: "a@example.com", role: "viewer" })))).toBe("scope: choose All tenants or Only the tenants ticked");
  });

  it("opens with no scope chosen for an admin, so that another role for them takes a choice of tenants", () => {
    expect(initialScope({ role: "admin", allTenants: true })).toBeNull();
    expect(initialScope({ role: "viewer", allTenants: true })).toBe("all");
    expect(initialScope({ role: "analyst", allTenants: false })).toBe("chosen");
    // an admin's form, sent as it opened: they stay an admin of every tenant
    expect(readUserForm(form({ email: "a@example.com", role: "admin" }))).toMatchObject({ role: "admin", allTenants: true, tenants: [] });
    // only the role changed: refused, naming the choice to make, rather than a viewer of every tenant
    expect(messageOf(() => readUserForm(form({ email: "a@example.com", role: "viewer", tenants: "alpha" })))).toBe(
      "scope: choose All tenants or Only the tenants ticked",
    );
  });
});
