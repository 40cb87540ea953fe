import { defineConfig } from "prisma/config";

// The CLI is used for `prisma generate` only: its migrate commands need a schema-engine binary that
// cannot be downloaded here, so migrations are applied by lib/db/migrate.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
});
