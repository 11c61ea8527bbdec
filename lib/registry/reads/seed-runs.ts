// The seed_runs log, newest first: the "deployment log" operators read to answer "did the seed run, and why?".
//
// What counts as a seed run lives here, once: every logged run except a dry run (a Preview in the dashboard,
// `models:seed --dry-run`), which writes a row so the Sync log can show it, but changed nothing. Every reader of
// "the last seed run" (the home page, /api/health, models:doctor) filters with `realRuns`; only the Sync log may
// list previews, and it marks them.
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { type SeedOutcome, type SeedRun, seedRuns } from '../../../db/schema';

/** The condition "this row is a seed run": not a dry run. */
export const realRuns: SQL = eq(seedRuns.dryRun, false);

type RunListOptions = {
  limit?: number;
  /** Whether dry runs (previews) are listed too. Only the Sync log should ask for them. */
  previews?: 'include' | 'exclude';
};

/** The newest runs first; previews excluded unless asked for. */
export async function recentSeedRuns(db: Executor, options: RunListOptions = {}): Promise<SeedRun[]> {
  const limit = Math.min(Math.max(1, options.limit ?? 50), 500);
  const query = db.select().from(seedRuns);
  const filtered = options.previews === 'include' ? query : query.where(realRuns);
  return filtered.orderBy(desc(seedRuns.startedAt)).limit(limit);
}

/** The newest seed run (never a dry run), optionally only one with the given outcome. */
export async function lastSeedRun(
  db: Executor,
  options: { outcome?: SeedOutcome } = {},
): Promise<SeedRun | null> {
  const [run] = await db
    .select()
    .from(seedRuns)
    .where(options.outcome ? and(realRuns, eq(seedRuns.outcome, options.outcome)) : realRuns)
    .orderBy(desc(seedRuns.startedAt))
    .limit(1);
  return run ?? null;
}

/** The oldest seed run that applied a plan (never a dry run): when the registry was first seeded. */
export async function firstAppliedSeedRun(db: Executor): Promise<SeedRun | null> {
  const [run] = await db
    .select()
    .from(seedRuns)
    .where(and(realRuns, eq(seedRuns.outcome, 'applied')))
    .orderBy(asc(seedRuns.startedAt))
    .limit(1);
  return run ?? null;
}

/** The Sync log's URL filter: `?previews=hide` lists seed runs only; anything else lists previews too. */
export function previewsFromSearchParams(
  params: Record<string, string | string[] | undefined>,
): 'include' | 'exclude' {
  const value = params.previews;
  return (Array.isArray(value) ? value[0] : value) === 'hide' ? 'exclude' : 'include';
}
