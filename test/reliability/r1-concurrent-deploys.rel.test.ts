// Several deploys at once on an empty database: exactly one seeds, the others record `skipped`, no duplicates.
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { models, seedRuns } from '../../db/schema';
import { jsonOf, runCli } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';

describe('concurrent deploys on Postgres', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    // Not migrated: the deploys race on the migrations too.
    testDb = await createTestDb({ migrate: false });
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('20 processes at once on an empty, unmigrated database: one seeds, 19 skip, no duplicates, no errors', async ({
    task,
  }) => {
    task.meta.cases = 20;
    task.meta.faults = 20; // twenty racing deploys
    const results = await Promise.all(
      Array.from({ length: 20 }, () => runCli('models-deploy', ['--json'], { env: testDb.env })),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const outcomes = results
      .map((r) =>
        jsonOf<{ providers: Array<{ outcome: string }> }>(r)
          .providers.map((p) => p.outcome)
          .join(),
      )
      .sort();
    expect(outcomes).toEqual(['seeded', ...Array.from({ length: 19 }, () => 'skipped')]);

    await testDb.use(async ({ db }) => {
      const [counted] = await db
        .select({ n: sql<number>`count(*)::int`, ids: sql<number>`count(distinct model_id)::int` })
        .from(models);
      expect(counted).toEqual({ n: 44, ids: 44 });
      const runs = await db.select().from(seedRuns).orderBy(asc(seedRuns.startedAt));
      expect(runs.filter((r) => r.outcome === 'applied')).toHaveLength(1);
      expect(runs.filter((r) => r.outcome === 'skipped').map((r) => r.existingModels)).toEqual(
        Array.from({ length: 19 }, () => 44),
      );
    });
  });
});
