// After a write of many models the planner's statistics are fresh at once (sync/statistics.ts): a registry just filled
// with 100,000 models served its Models page in 0.5 s instead of 50 ms until autovacuum's next round (issue 17).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { Database } from '../db/client';
import { rowsOf } from '../db/driver';
import { normalizeMistralModelList } from '../lib/registry/providers/mistral-normalize';
import { runSeed } from '../lib/registry/sync/run';
import { ANALYZE_FROM_ROWS } from '../lib/registry/sync/statistics';
import { createTestDb, engine, type TestDb } from './support/db';
import { syntheticCatalog } from './support/synthetic-catalog';

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb?.drop();
});

const seed = (db: Database, count: number, variant: number) =>
  runSeed(db, {
    trigger: 'cli',
    actor: 'cli',
    config: modelDefaults,
    sourceLabel: 'test',
    loadCatalog: async () =>
      normalizeMistralModelList(
        syntheticCatalog(count, variant),
        { kind: 'file', path: 'test' },
        { kind: 'input', origin: 'the test catalog' },
      ),
  });

/** The row count the planner believes `models` has: -1 (or 0) until the table is first analyzed. */
async function plannedRows(db: Database): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select reltuples::float8 as n from pg_class where relname = 'models'`),
  );
  return Number(row?.n);
}

describe(`statistics after a large write on ${engine}`, () => {
  it('a seed of few models leaves them to autovacuum; a seed of many analyzes at once', async () => {
    await testDb.use(async ({ db }) => {
      expect((await seed(db, 40, 0)).outcome).toBe('applied');
      expect(await plannedRows(db)).toBeLessThan(1);
      const report = await seed(db, ANALYZE_FROM_ROWS + 200, 1);
      expect(report.outcome).toBe('applied');
      expect(report.counts.added).toBeGreaterThanOrEqual(ANALYZE_FROM_ROWS);
      expect(await plannedRows(db)).toBeGreaterThan(ANALYZE_FROM_ROWS);
    });
  });
});

describe(`statistics of wide columns on ${engine}`, () => {
  it('columns no query filters on keep none; the filtered ones have theirs', async () => {
    await testDb.use(async ({ db }) => {
      await seed(db, ANALYZE_FROM_ROWS + 200, 2);
      const rows = rowsOf<{ attname: string }>(
        await db.execute(sql`select attname from pg_stats where tablename = 'models' order by attname`),
      ).map((r) => r.attname);
      expect(rows).toEqual(expect.arrayContaining(['status', 'provider', 'display_name', 'capabilities']));
      for (const wide of ['provider_values', 'aliases', 'description']) expect(rows).not.toContain(wide);
    });
  });
});
