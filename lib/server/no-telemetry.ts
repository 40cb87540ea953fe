// Imported first by every entry point: nothing Falconry runs may phone home (Next.js telemetry,
// Prisma's update checks), and child processes inherit these.
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";
