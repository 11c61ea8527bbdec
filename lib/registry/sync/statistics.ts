// The planner's statistics after a write of many models. Postgres plans the Models page from them (which index a
// page walks, how many rows a filter keeps); a table just filled with 100,000 rows has none until autovacuum's next
// round (up to a minute later), and meanwhile a page took 0.5 s instead of 50 ms (issue 17). So a write that added,
// retired or restored many models analyzes `models`, as Postgres advises after loading much data. Only `models`: the
// pages that read events walk indexes whatever their statistics, and autovacuum analyzes them within a minute;
// analyzing them too doubled the cost (0.4 s more of a 50,000-model seed). Wide columns no query filters on keep no
// statistics at all (migration 0012).
import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';

/** From this many rows added, retired or restored by one write, the statistics are refreshed at once. */
export const ANALYZE_FROM_ROWS = 1_000;

export async function refreshStatistics(db: Executor, rowsWritten: number): Promise<void> {
  if (rowsWritten < ANALYZE_FROM_ROWS) return;
  try {
    await db.execute(sql`analyze models`);
  } catch {
    // Statistics only speed plans up, and autovacuum refreshes them anyway: a failure here changes no result.
  }
}
