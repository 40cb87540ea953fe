import type { z } from "zod";

/** `field: what is wrong` for every issue, joined: the shape of every validation error Falconry returns. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${formatPath(issue.path) || "input"}: ${issue.message}`).join("; ");
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === "number") return `[${key}]`;
      const name = String(key);
      if (i === 0) return name;
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
    })
    .join("");
}

/**
 * Where a JSON value holds a NUL character (in a string or a key), which PostgreSQL's text and jsonb
 * cannot store, or null when nowhere.
 */
export function pathOfNul(value: unknown, path: PropertyKey[] = []): PropertyKey[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    const found = key.includes("\u0000") ? at : pathOfNul(item, at);
    if (found) return found;
  }
  return null;
}
