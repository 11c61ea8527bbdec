// A registry for a test file: one throwaway database on the engine under test, opened once, emptied and seeded
// from the bundled catalog before every test, dropped at the end.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { DbHandle, OpenOptions } from '../../db/client';
import { loadCatalog } from '../../lib/registry/providers';
import { runSeed } from '../../lib/registry/sync/run';
import type { ModelDefaults } from '../../lib/registry/types';
import { createTestDb, type TestDb } from './db';

export type SeededRegistry = {
  readonly testDb: TestDb;
  readonly handle: DbHandle;
  /** Seeds again from the bundled catalog, as `models:seed --source catalog` would. */
  seed(): ReturnType<typeof runSeed>;
};

export function seededRegistry(
  config: ModelDefaults,
  options: Pick<OpenOptions, 'logger'> = {},
): SeededRegistry {
  let testDb: TestDb | undefined;
  let handle: DbHandle | undefined;
  const registry: SeededRegistry = {
    get testDb() {
      if (!testDb) throw new Error('the test database is opened in beforeAll');
      return testDb;
    },
    get handle() {
      if (!handle) throw new Error('the test database is opened in beforeAll');
      return handle;
    },
    seed: () =>
      runSeed(registry.handle.db, {
        trigger: 'cli',
        actor: 'cli',
        config,
        sourceLabel: 'catalog',
        loadCatalog: () => loadCatalog({ source: 'catalog' }),
      }),
  };
  beforeAll(async () => {
    testDb = await createTestDb();
    handle = await testDb.open(options);
  });
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });
  beforeEach(async () => {
    await registry.handle.db.execute(sql`truncate model_events, seed_runs, models restart identity cascade`);
    await registry.seed();
  });
  return registry;
}
