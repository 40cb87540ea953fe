import type { z } from "zod";

/** `field: what is wrong` for every issue, joined: the shape of every validation error Falconry returns. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${formatPath(issue.path) || "input"}: ${issue.message}`).join("; ");
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === "number") return `[${key}]`;
      const name = String(key);
      if (i === 0) return name;
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
    })
    .join("");
}
