// How `models` is stored (migration 0013): a bulk edit of every model rewrites each row beside its old version (a
// heap-only update), so no index gains an entry — at 100,000 models, index writes were a third of the edit (issue 17).
// How a model's events are found (migration 0014): its newest by id, in one index probe however long its history.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { Database } from '../db/client';
import { rowsOf } from '../db/driver';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import { normalizeMistralModelList } from '../lib/registry/providers/mistral-normalize';
import { runSeed } from '../lib/registry/sync/run';
import { createTestDb, engine, type TestDb } from './support/db';
import { syntheticCatalog } from './support/synthetic-catalog';

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
  // An autovacuum ANALYZE of the freshly seeded table holds a snapshot while it samples; one that lands between the
  // two edits keeps the first edit's old row versions from being pruned, and the second then finds no room beside
  // them (CI saw this under load). What is tested is what the edits write, so autovacuum stays out of this table.
  await testDb.use(({ db }) => db.execute(sql`alter table models set (autovacuum_enabled = false)`));
});
afterAll(async () => {
  await testDb?.drop();
});

const config = { ...modelDefaults, alwaysActive: [], alwaysInactive: [] };

/** The pages of each of the table's indexes. */
async function indexPages(db: Database): Promise<Record<string, number>> {
  const rows = rowsOf<{ name: string; pages: number }>(
    await db.execute(sql`
      select c.relname as name, pg_relation_size(c.oid)::int / current_setting('block_size')::int as pages
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = 'models'::regclass order by 1`),
  );
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.pages)]));
}

describe(`models storage on ${engine}`, () => {
  it('a bulk edit of every model, twice over, adds no index entry', async () => {
    await testDb.use(async ({ db }) => {
      const report = await runSeed(db, {
        trigger: 'cli',
        actor: 'cli',
        config,
        sourceLabel: 'test',
        loadCatalog: async () =>
          normalizeMistralModelList(
            syntheticCatalog(3_000),
            { kind: 'file', path: 'test' },
            { kind: 'input', origin: 'the test catalog' },
          ),
      });
      expect(report.outcome).toBe('applied');
      const before = await indexPages(db);
      expect(Object.keys(before)).toContain('models_name_idx');
      for (const status of ['active', 'inactive'] as const) {
        const { changed } = await applyBulkEdit(db, config, {
          target: { kind: 'filter', filter: {} },
          changes: { status },
          actor: 'admin:test@example.com',
        });
        expect(changed).toBe(3_000);
      }
      expect(await indexPages(db)).toEqual(before);
    });
  });
});

describe(`a model's events on ${engine}`, () => {
  it('the newest is read from the index in order, with no sort of the whole history', async () => {
    await testDb.use(async ({ db }) => {
      const plan = await db.transaction(async (tx) => {
        // The planner picks a plan by the table's size; what matters is that an ordered index path exists.
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_bitmapscan = off`);
        return rowsOf<{ 'QUERY PLAN': string }>(
          await tx.execute(sql`
            explain select actor, created_at from model_events
            where provider = 'mistral' and model_id = 'mistral-large-latest' order by id desc limit 1`),
        ).map((r) => r['QUERY PLAN']);
      });
      expect(plan.join('\n')).toMatch(/Index Scan Backward using model_events_model_id_idx/);
      expect(plan.join('\n')).not.toMatch(/Sort/);
    });
  });
});
