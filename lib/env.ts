import path from "node:path";
import { z } from "zod";

const MiB = 1024 * 1024;

/**
 * The address people and senders use, as Falconry joins paths to it and compares it (`https://`
 * for Secure cookies and HSTS, its origin for allowed Origins): lower-case scheme and host, no
 * trailing slash.
 */
const publicUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// address" }).transform((value) => {
  const url = new URL(value);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
});

/** Every environment variable Falconry reads; the README's table lists the same ones. */
const envSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  FALCONRY_PUBLIC_URL: publicUrlSchema.optional(),
  /** Reverse proxies in front of Falconry; each appends to X-Forwarded-For (lib/server/client-address.ts). */
  FALCONRY_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  FALCONRY_DATA_DIR: z.string().min(1).default(".data"),
  FALCONRY_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54320),
  FALCONRY_INGEST_MAX_BYTES: z.coerce.number().int().positive().default(MiB),
  FALCONRY_INGEST_MAX_ALERTS: z.coerce.number().int().positive().default(10_000),
  FALCONRY_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(60),
  FALCONRY_SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  FALCONRY_OIDC_ISSUER: z.url().optional(),
  FALCONRY_OIDC_CLIENT_ID: z.string().min(1).optional(),
  FALCONRY_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  FALCONRY_OIDC_NAME: z.string().min(1).default("single sign-on"),
});

export type Env = z.infer<typeof envSchema>;

/** Single sign-on takes all of these or none: with only some, it would be off without a word. */
const oidcVariables = ["FALCONRY_OIDC_ISSUER", "FALCONRY_OIDC_CLIENT_ID", "FALCONRY_OIDC_CLIENT_SECRET"] as const;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const missing = oidcVariables.filter((name) => parsed.data[name] === undefined);
  if (missing.length > 0 && missing.length < oidcVariables.length) {
    throw new Error(`Environment variables ${oidcVariables.join(", ")} go together (single sign-on); missing: ${missing.join(", ")}`);
  }
  return parsed.data;
}

export function dataDir(env: Env): string {
  return path.resolve(env.FALCONRY_DATA_DIR);
}

export function publicUrl(env: Env): string {
  return env.FALCONRY_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}
