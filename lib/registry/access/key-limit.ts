// Failed API key attempts are limited per client address: past KEY_LIMITS.perAddress wrong keys (unknown, malformed,
// a wrong secret, a wrong REGISTRY_API_TOKEN) in the window, an address is answered 429 before any key it sends is
// looked up, until its oldest failure ages out. A revoked or expired key is no guess and is not counted, so clients
// still sending a key just rotated or revoked cannot lock out their neighbours; a right key is never recorded.
// Guessing a 256-bit secret is hopeless anyway: the limit keeps a flood of wrong keys from costing a lookup each.
// Unlike the sign-in limit it reserves no place before the lookup, so requests sent at the same moment may pass the
// limit by as many as were sent together.
import { and, count, eq, gt, lt, min } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { apiKeyFailures } from '../../../db/schema';

const KEY_LIMITS = { perAddress: 50, windowMinutes: 15 } as const;

/**
 * Addresses this process has seen fail, with when: only they are counted in the database before a lookup, so a
 * right key from a clean address costs no count. Another instance's failures count here from this process's
 * first failure of that address on (at most one more lookup per instance).
 */
const failedHere = new Map<string, number>();

/** Seconds until the address may try again (its oldest failure in the window ages out), or 0 when it may now. */
export async function keyAttemptsBlocked(db: Executor, address: string, now = new Date()): Promise<number> {
  const windowMs = KEY_LIMITS.windowMinutes * 60_000;
  const seen = failedHere.get(address);
  if (seen === undefined || now.getTime() - seen > windowMs) {
    failedHere.delete(address);
    return 0;
  }
  const [row] = await db
    .select({ n: count(), oldest: min(apiKeyFailures.at) })
    .from(apiKeyFailures)
    .where(
      and(eq(apiKeyFailures.address, address), gt(apiKeyFailures.at, new Date(now.getTime() - windowMs))),
    );
  if (Number(row?.n ?? 0) < KEY_LIMITS.perAddress || !row?.oldest) return 0;
  return Math.max(1, Math.ceil((new Date(row.oldest).getTime() + windowMs - now.getTime()) / 1000));
}

/** Records one failed attempt of `address`, and forgets every failure too old to count. */
export async function recordKeyFailure(db: Executor, address: string, now = new Date()): Promise<void> {
  failedHere.set(address, now.getTime());
  await db.insert(apiKeyFailures).values({ address, at: now });
  await db
    .delete(apiKeyFailures)
    .where(lt(apiKeyFailures.at, new Date(now.getTime() - KEY_LIMITS.windowMinutes * 60_000)));
}
