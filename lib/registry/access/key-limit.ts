// Failed API key attempts are limited per client address, as sign-ins are: past KEY_LIMITS.perAddress failures in
// the window, an address is answered 429 before any key it sends is looked up, until its failures age out. A
// right key is never recorded; only its failures count. Guessing a 256-bit secret is hopeless anyway: the limit
// keeps a flood of wrong keys from costing a lookup each and from hiding in the log.
import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { apiKeyFailures } from '../../../db/schema';

const KEY_LIMITS = { perAddress: 50, windowMinutes: 15 } as const;
/** Failures older than this are deleted as new ones come in. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** Seconds until the address may try again, or 0 when it may now. */
export async function keyAttemptsBlocked(db: Executor, address: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - KEY_LIMITS.windowMinutes * 60_000);
  const [row] = await db
    .select({ n: count() })
    .from(apiKeyFailures)
    .where(and(eq(apiKeyFailures.address, address), gt(apiKeyFailures.at, since)));
  return Number(row?.n ?? 0) >= KEY_LIMITS.perAddress ? KEY_LIMITS.windowMinutes * 60 : 0;
}

/** Records one failed attempt of `address`, and forgets that address's failures too old to count. */
export async function recordKeyFailure(db: Executor, address: string, now = new Date()): Promise<void> {
  await db.insert(apiKeyFailures).values({ address, at: now });
  await db
    .delete(apiKeyFailures)
    .where(
      and(eq(apiKeyFailures.address, address), lt(apiKeyFailures.at, new Date(now.getTime() - KEEP_MS))),
    );
}
