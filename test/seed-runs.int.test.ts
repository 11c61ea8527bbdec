// A dry run (a dashboard Preview, `models:seed --dry-run`) logs a seed_runs row but is not a seed run: every reader of
// "the last seed run" ignores it — the home page's overview, /api/health, models:doctor — and only the Sync log lists
// it, marked and filterable.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { DbHandle } from '../db/client';
import { type Health, healthResponse } from '../lib/api/models';
import { loadCatalog } from '../lib/registry/providers';
import { registryOverview } from '../lib/registry/reads/overview';
import { previewsFromSearchParams, recentSeedRuns } from '../lib/registry/reads/seed-runs';
import { diagnose } from '../lib/registry/sync/doctor';
import { runSeed, type SeedOptions } from '../lib/registry/sync/run';
import type { ProviderCatalog } from '../lib/registry/types';
import { createTestDb, engine, type TestDb } from './support/db';

let testDb: TestDb;
let handle: DbHandle;
let catalog: ProviderCatalog;

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 12, minute));

function seed(minute: number, extra: Partial<SeedOptions> = {}) {
  return runSeed(handle.db, {
    trigger: 'cli',
    actor: 'cli',
    config: modelDefaults,
    sourceLabel: 'catalog',
    loadCatalog: async () => catalog,
    now: () => at(minute),
    ...extra,
  });
}
/** What the dashboard's "Preview sync" does (app/admin/sync/actions.ts). */
const dashboardPreview = (minute: number) =>
  seed(minute, { trigger: 'ui', actor: 'admin:admin@example.test', dryRun: true });
/** What `models:seed --dry-run` does. */
const cliDryRun = (minute: number) => seed(minute, { dryRun: true });

async function health(): Promise<Health> {
  const response = await healthResponse({ db: async () => handle.db });
  return (await response.json()) as Health;
}
/** The doctor on the test's open handle (PGlite admits one owner), with the shipped config. */
const doctor = () =>
  diagnose({ env: {}, openDatabase: async () => ({ ...handle, close: async () => {} }), now: at(59) });

beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open();
  catalog = await loadCatalog({ source: 'catalog' });
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});
beforeEach(async () => {
  await handle.db.execute(sql`truncate model_events, seed_runs, models restart identity cascade`);
});

describe(`dry runs are not seed runs, on ${engine}`, () => {
  it('after a seed, a dashboard Preview and a --dry-run: every "last seed run" is still the seed', async () => {
    const applied = await seed(1);
    await dashboardPreview(2);
    await cliDryRun(3);

    const overview = await registryOverview(handle.db);
    expect(overview.lastRun?.id).toBe(applied.runId);
    expect(overview.lastApplied?.id).toBe(applied.runId);

    expect((await health()).lastSeedRun).toEqual({
      outcome: 'applied',
      trigger: 'cli',
      startedAt: at(1).toISOString(),
    });

    const report = await doctor();
    expect(report.recentRuns.map((r) => r.id)).toEqual([applied.runId]);
    expect(report.findings.find((f) => f.check === 'seed runs')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining(`last run ${at(1).toISOString()}: cli applied`),
    });
  });

  it('with only previews logged, nothing says a seed ran', async () => {
    await dashboardPreview(1);
    await cliDryRun(2);

    const overview = await registryOverview(handle.db);
    expect(overview.lastRun).toBeNull();
    expect(overview.lastApplied).toBeNull();
    expect((await health()).lastSeedRun).toBeNull();
    const report = await doctor();
    expect(report.recentRuns).toEqual([]);
    expect(report.problems).toContain('seed runs: no seed has ever run. Run `npm run models:deploy`.');
  });

  it('a preview that failed is not a failed seed run: the doctor stays healthy', async () => {
    const applied = await seed(1);
    await expect(
      seed(2, {
        dryRun: true,
        trigger: 'ui',
        loadCatalog: () => Promise.reject(new Error('HTTP 503 from the provider')),
      }),
    ).rejects.toThrow('HTTP 503');

    expect((await registryOverview(handle.db)).lastRun?.id).toBe(applied.runId);
    expect((await health()).lastSeedRun).toEqual({
      outcome: 'applied',
      trigger: 'cli',
      startedAt: at(1).toISOString(),
    });
    const report = await doctor();
    expect(report.problems).toEqual([]);
    expect(report.healthy).toBe(true);
    expect(report.recentRuns.map((r) => r.id)).toEqual([applied.runId]);
  });

  it('the Sync log lists previews only when asked, newest first, marked as dry runs', async () => {
    const applied = await seed(1);
    const preview = await dashboardPreview(2);
    const dryRun = await cliDryRun(3);

    const all = await recentSeedRuns(handle.db, { previews: 'include' });
    expect(all.map((r) => [r.id, r.dryRun])).toEqual([
      [dryRun.runId, true],
      [preview.runId, true],
      [applied.runId, false],
    ]);
    const real = await recentSeedRuns(handle.db, { previews: 'exclude' });
    expect(real.map((r) => r.id)).toEqual([applied.runId]);
    // Without saying, a reader gets seed runs only.
    expect((await recentSeedRuns(handle.db, { limit: 1 })).map((r) => r.id)).toEqual([applied.runId]);

    // The page's URL filter: ?previews=hide lists seed runs only; the default lists previews too.
    expect(previewsFromSearchParams({ previews: 'hide' })).toBe('exclude');
    expect(previewsFromSearchParams({})).toBe('include');
    expect(previewsFromSearchParams({ previews: ['hide', 'show'] })).toBe('exclude');
  });
});
