import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";

/*
 * Sign-in throttling that slows guessing without letting anyone lock a person out. Failures are
 * counted per (email, address) and per address, over a sliding window:
 * - one address guessing one account: 5 failures, then it must wait;
 * - one address guessing many accounts: 50 failures, then it must wait.
 * Nothing counts failures per account alone, so an attacker elsewhere cannot keep the real person
 * (from their own address) out. A success clears the (email, address) count.
 */
const windowMs = 15 * 60 * 1000;
const maxPerAccountAndAddress = 5;
const maxPerAddress = 50;

export async function assertSignInAllowed(db: Db, email: string, ip: string): Promise<void> {
  const since = new Date(Date.now() - windowMs);
  const [forPair, forAddress] = await Promise.all([
    db.signInFailure.count({ where: { email, ip, at: { gt: since } } }),
    db.signInFailure.count({ where: { ip, at: { gt: since } } }),
  ]);
  if (forPair >= maxPerAccountAndAddress || forAddress >= maxPerAddress) {
    throw new AppError("too_many_requests", "sign-in: too many failed attempts from this address; wait 15 minutes and try again");
  }
}

export async function recordSignInFailure(db: Db, email: string, ip: string): Promise<void> {
  await db.signInFailure.create({ data: { email, ip } });
  // Keeps the table to the window it is read over.
  if (Math.random() < 0.01) await db.signInFailure.deleteMany({ where: { at: { lt: new Date(Date.now() - windowMs) } } });
}

export async function clearSignInFailures(db: Db, email: string, ip: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { email, ip } });
}
