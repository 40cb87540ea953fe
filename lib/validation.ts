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

interface Place {
  value: unknown;
  key?: PropertyKey;
  parent?: Place;
}

/**
 * Where a JSON value holds a NUL character (in a string or a key), which PostgreSQL's text and jsonb
 * cannot store, or null when nowhere. Walked with a stack of its own, each place linked to its
 * parent: a body nested thousands deep must not overflow the call stack, nor copy its path at every
 * level, before its schema refuses it.
 */
export function pathOfNul(value: unknown): PropertyKey[] | null {
  const pending: Place[] = [{ value }];
  for (let place = pending.pop(); place; place = pending.pop()) {
    if (holdsNul(place.value) || holdsNul(place.key)) return pathTo(place);
    if (typeof place.value === "object" && place.value !== null) {
      const isArray = Array.isArray(place.value);
      for (const [key, item] of Object.entries(place.value)) pending.push({ value: item, key: isArray ? Number(key) : key, parent: place });
    }
  }
  return null;
}

function holdsNul(text: unknown): boolean {
  return typeof text === "string" && text.includes("\u0000");
}

function pathTo(place: Place): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}
