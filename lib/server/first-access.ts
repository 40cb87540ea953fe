import type { Db } from "@/lib/db/prisma";
import { isSetupComplete, issueSetupToken } from "@/lib/setup/setup-tokens";

/** While no administrator exists, prints a one-time link to create the first one. */
export async function printFirstAccess(db: Db, baseUrl: string): Promise<void> {
  if (await isSetupComplete(db)) return;
  const token = await issueSetupToken(db);
  console.log(
    [
      "",
      "No administrator yet. Create the first one at this one-time link (valid 24 hours;",
      "restarting Falconry prints a new one and voids this one):",
      "",
      `  ${baseUrl}/setup?token=${token}`,
      "",
    ].join("\n"),
  );
}
