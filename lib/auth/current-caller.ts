import { headers } from "next/headers";
import { cache } from "react";
import { callerFrom, type Caller } from "@/lib/auth/caller";

/**
 * The person the current request is for, looked up once per request however many server
 * components (the header, the page) ask: each lookup reads the session and may touch it.
 */
export const currentCaller = cache(async (): Promise<Caller | null> => callerFrom(await headers()));
