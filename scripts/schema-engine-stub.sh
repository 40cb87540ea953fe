#!/bin/sh
# Stand-in for Prisma's schema engine, which cannot be downloaded here; `prisma generate` never runs it.
echo "schema-engine is not available: migrations are applied by lib/db/migrate.ts" >&2
exit 1
