// The seed_runs log, newest first: the "deployment log" operators read to answer "did the seed run, and why?".
import { desc } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { type SeedRun, seedRuns } from '../../db/schema';

export async function recentSeedRuns(db: Executor, limit = 50): Promise<SeedRun[]> {
  return db
    .select()
    .from(seedRuns)
    .orderBy(desc(seedRuns.startedAt))
    .limit(Math.min(Math.max(1, limit), 500));
}
