import { isIPv6 } from "node:net";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";

/*
 * Sign-in throttling that slows guessing without letting anyone lock a person out. Every attempt
 * is written down before its password is checked, and counts until it succeeds, so guesses sent at
 * once count each other and cannot get past a limit together. Over a sliding window of 15 minutes:
 * - one address guessing one account: 5 attempts, then it must wait;
 * - one address guessing many accounts: 50 attempts, then it must wait;
 * - any number of addresses guessing one account: 20 attempts, then addresses that person has not
 *   signed in from in the last 90 days must wait. The addresses they have (their successful
 *   sign-ins in the audit trail) still may, so an attacker elsewhere cannot keep them out.
 * A success clears the (email, address) count. An IPv6 address counts as its /64, which one
 * subscriber usually holds whole: rotating addresses within it buys no more guesses.
 */
const windowMs = 15 * 60 * 1000;
const knownAddressMs = 90 * 24 * 60 * 60 * 1000;
const maxPerAccountAndAddress = 5;
const maxPerAddress = 50;
const maxPerAccountFromNewAddresses = 20;

/** The audit actions of a successful sign-in (lib/auth/sign-in.ts, lib/auth/auth.ts). */
const signInActions = ["sign-in", "sign-in.oidc"];

export interface SignInAttempt {
  email: string;
  /** The address as counted (`addressKeyOf`). */
  ip: string;
}

/** The address as throttling counts it: an IPv4 address (IPv4-mapped ones included) as it is, an IPv6 address as its /64. */
export function addressKeyOf(ip: string): string {
  const address = ip.replace(/%.*$/, ""); // a zone (fe80::1%eth0)
  if (!isIPv6(address)) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const [head = "", tail] = address.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  // a dotted IPv4 tail holds two groups
  const rightGroups = right.length + (right.at(-1)?.includes(".") ? 1 : 0);
  const groups = [...left, ...Array<string>(Math.max(8 - left.length - rightGroups, 0)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(":")}::/64`;
}

/**
 * Records an attempt to prove `email`'s password from `ip`, to be checked next, or refuses it
 * (too_many_requests) when it would exceed a limit. A refused attempt is not kept: it checked no
 * password, and keeping it would let refusals prolong the wait.
 */
export async function beginSignInAttempt(db: Db, email: string, ip: string): Promise<SignInAttempt> {
  const key = addressKeyOf(ip);
  const { id } = await db.signInFailure.create({ data: { email, ip: key }, select: { id: true } });
  const refusal = await refusalOf(db, email, key);
  if (refusal) {
    await db.signInFailure.deleteMany({ where: { id } });
    throw new AppError("too_many_requests", refusal);
  }
  // Keeps the table to the window it is read over.
  if (Math.random() < 0.01) await db.signInFailure.deleteMany({ where: { at: { lt: new Date(Date.now() - windowMs) } } });
  return { email, ip: key };
}

/** The attempt proved the password: it, and earlier failures of this account from this address, stop counting. */
export async function endSignInAttemptWithSuccess(db: Db, attempt: SignInAttempt): Promise<void> {
  await db.signInFailure.deleteMany({ where: { email: attempt.email, ip: attempt.ip } });
}

/** Counts include the attempt being decided; `key` is the address as counted. */
async function refusalOf(db: Db, email: string, key: string): Promise<string | null> {
  const since = new Date(Date.now() - windowMs);
  const [forPair, forAddress, forAccount] = await Promise.all([
    db.signInFailure.count({ where: { email, ip: key, at: { gt: since } } }),
    db.signInFailure.count({ where: { ip: key, at: { gt: since } } }),
    db.signInFailure.count({ where: { email, at: { gt: since } } }),
  ]);
  if (forPair > maxPerAccountAndAddress || forAddress > maxPerAddress) {
    return "sign-in: too many failed attempts from this address; wait 15 minutes and try again";
  }
  if (forAccount > maxPerAccountFromNewAddresses && !(await hasSignedInFrom(db, email, key))) {
    return "sign-in: too many failed attempts for this account; wait 15 minutes, or sign in from where you usually do";
  }
  return null;
}

/** Whether the person signed in from an address counted as `key` (an IPv6 address rotates within its /64). */
async function hasSignedInFrom(db: Db, email: string, key: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return false;
  const signIns = await db.auditEvent.findMany({
    where: { actorId: user.id, action: { in: signInActions }, at: { gt: new Date(Date.now() - knownAddressMs) } },
    select: { ip: true },
  });
  return signIns.some((signIn) => signIn.ip !== null && addressKeyOf(signIn.ip) === key);
}
