// The sign-in limiter: at most 5 failed attempts per email and 20 per client address are *verified* in a 15-minute
// window, whatever the concurrency. Each attempt reserves its place before its password is checked, in one
// transaction serialised per key by an advisory lock; a success gives its place back, a failure keeps it as the
// failure's record. The state is the sign_in_failures table alone: deleting its rows lifts every lockout.
import { and, count, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client';
import { signInFailures } from '../../db/schema';

/** Failures allowed per email, and per client address, within the window. */
export const SIGN_IN_LIMITS = { perEmail: 5, perAddress: 20, windowMinutes: 15 } as const;

/** The advisory-lock namespace of limiter keys (two-int locks: apart from the seed and migration locks). */
const LOCK_NAMESPACE = 0x5349_4c4d; // "SILM"
/** Failures older than this are no longer useful to anyone and are deleted as new ones come in. */
const KEEP_MS = 24 * 60 * 60 * 1000;

const emailKey = (email: string) => `email:${email}`;

export function signInKeys(email: string, address: string | null): string[] {
  return [emailKey(email), ...(address ? [`ip:${address}`] : [])];
}

const limitOf = (key: string) =>
  key.startsWith('email:') ? SIGN_IN_LIMITS.perEmail : SIGN_IN_LIMITS.perAddress;

export type Reservation = { status: 'reserved'; ids: number[] } | { status: 'limited' };

/**
 * Takes one place per key for an attempt about to be verified, or none when any key has used up its window.
 * Attempts on the same key wait for each other here (never across the password check), so no number of parallel
 * attempts can all see room that only one of them may take.
 */
export async function reserveSignInAttempt(db: Database, keys: string[], now: Date): Promise<Reservation> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  return db.transaction(async (tx) => {
    // One order for every attempt: two attempts sharing both keys cannot wait on each other.
    for (const key of [...keys].sort()) {
      await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, hashtext(${key}))`);
    }
    const recent = await tx
      .select({ key: signInFailures.key, n: count() })
      .from(signInFailures)
      .where(and(inArray(signInFailures.key, keys), gt(signInFailures.at, since)))
      .groupBy(signInFailures.key);
    if (recent.some((row) => Number(row.n) >= limitOf(row.key))) return { status: 'limited' as const };
    const rows = await tx
      .insert(signInFailures)
      .values(keys.map((key) => ({ key, at: now })))
      .returning({ id: signInFailures.id });
    return { status: 'reserved' as const, ids: rows.map((row) => row.id) };
  });
}

/** A verified success gives its places back: only failures count against the limit. */
export async function releaseSignInAttempt(db: Database, reservation: { ids: number[] }): Promise<void> {
  if (reservation.ids.length > 0)
    await db.delete(signInFailures).where(inArray(signInFailures.id, reservation.ids));
}

/** Keeps the table small: deletes failures too old to count. */
export async function forgetOldFailures(db: Database, now: Date): Promise<void> {
  await db.delete(signInFailures).where(lt(signInFailures.at, new Date(now.getTime() - KEEP_MS)));
}

/** Lifts the lock on one email (admin:unlock, a password reset). Returns how many failures were removed. */
export async function clearEmailFailures(db: Database | Tx, email: string): Promise<number> {
  const removed = await db
    .delete(signInFailures)
    .where(eq(signInFailures.key, emailKey(email)))
    .returning({ id: signInFailures.id });
  return removed.length;
}
