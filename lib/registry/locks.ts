// The registry's advisory locks: one key each, taken inside a transaction and released at its end.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';

/** Serialises seeds, deploy gates and imports across processes and engines (a 64-bit constant unique to this). */
const SEED_LOCK_KEY = 7_245_019_002;

export async function lockSeeds(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`);
}

/**
 * Holds the models table against every other writer until the transaction ends (reads go on): a bulk edit plans
 * from rows no one can change under it, without locking 100,000 of them one by one. Taken first, before anything
 * is read, so the plan sees every write committed before it. It waits for writers holding rows, and they finish
 * (it holds nothing yet); a writer that comes after waits for it, then finds its row's version moved and says so.
 */
export async function lockModelsTable(tx: Executor): Promise<void> {
  await tx.execute(sql`lock table models in exclusive mode`);
  // Its read groups every row it holds by class with their ids: in Postgres's default 4 MB the planner sorts
  // 100,000 rows on disk (300 ms) rather than hash them (140 ms, under 1 MB used). For this transaction only.
  await tx.execute(sql`set local work_mem = '64MB'`);
}
