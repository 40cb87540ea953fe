import type { Priority } from "@/lib/generated/prisma/enums.ts";

/** Falco's eight priorities as it spells them, highest first. */
export const falcoPriorityNames = [
  "Emergency",
  "Alert",
  "Critical",
  "Error",
  "Warning",
  "Notice",
  "Informational",
  "Debug",
] as const;

const byLowercaseName = new Map<string, Priority>([
  ...falcoPriorityNames.map((name) => [name.toLowerCase(), name.toLowerCase() as Priority] as const),
  ["info", "informational"],
]);

/** Reads a priority as Falco does: case-insensitively, accepting `info`. */
export function parsePriority(text: string): Priority | undefined {
  return byLowercaseName.get(text.trim().toLowerCase());
}
