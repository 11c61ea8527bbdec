// The registry's advisory locks: one key each, taken inside a transaction and released at its end.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';

/** Serialises seeds, deploy gates and imports across processes and engines (a 64-bit constant unique to this). */
const SEED_LOCK_KEY = 7_245_019_002;

export async function lockSeeds(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`);
}
