// Undo at scale: a bulk edit of more models than one statement can name (Postgres takes at most 65,535 bound
// values) is undone whole. The undo found its models by listing every id as its own parameter, and failed.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { Database } from '../db/client';
import { rowsOf } from '../db/driver';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import { undoBulkEdit } from '../lib/registry/changes/undo';
import { runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';

const config = { ...modelDefaults, alwaysActive: [], alwaysInactive: [] };
const ACTOR = 'admin:bea@example.com';
/** More than the 65,535 values one statement may bind. */
const COPIES = 1_600;

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
  const deploy = await runCli('models-deploy', ['--source', 'catalog', '--json'], { env: testDb.env });
  expect(deploy.code, deploy.stderr).toBe(0);
});
afterAll(async () => {
  await testDb?.drop();
});

/** Copies of every deployed model under new ids, inactive by default (set-based: the test's setup, not the product). */
async function multiply(db: Database): Promise<number> {
  await db.execute(sql`
    insert into models (provider, model_id, display_name, description, type, capabilities, context_length, status,
      status_source, status_set_by, source, provider_values)
    select provider, model_id || '-copy-' || g, display_name || ' ' || g, description, type, capabilities,
      context_length, 'inactive', 'default', 'seed', source, provider_values
    from models, generate_series(1, ${COPIES}) g`);
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from models`));
  return Number(row?.n);
}

const statuses = async (db: Database) =>
  rowsOf<{ status: string; n: number }>(
    await db.execute(sql`select status, count(*)::int as n from models group by status order by status`),
  ).map((r) => `${r.status}: ${r.n}`);

describe(`undo of a bulk edit of 70,000 models on ${engine}`, () => {
  it('puts every model back, one undone event each', { timeout: 120_000 }, async () => {
    await testDb.use(async ({ db }) => {
      const total = await multiply(db);
      expect(total).toBeGreaterThan(65_535);
      const before = await statuses(db);
      const edit = await applyBulkEdit(db, config, {
        target: { kind: 'filter', filter: {} },
        changes: { status: 'active' },
        actor: ACTOR,
      });
      expect(edit.changed).toBeGreaterThan(65_535);
      const undo = await undoBulkEdit(db, config, { bulkEdit: edit.bulkEdit ?? '', actor: ACTOR });
      expect(undo).toMatchObject({ undone: edit.changed, changedSince: [], alreadyUndone: false });
      expect(await statuses(db)).toEqual(before);
      const [events] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from model_events where action = 'undone'`),
      );
      expect(Number(events?.n)).toBe(edit.changed);
    });
  });
});
