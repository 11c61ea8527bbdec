// The seed rules against a real database engine (TEST_ENGINE): statuses, overrides, retirement, guards, audit.
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { DbHandle } from '../db/client';
import { modelEvents, models, seedRuns } from '../db/schema';
import { setModelStatus } from '../lib/registry/changes/status-edit';
import { isRegistryError } from '../lib/registry/errors';
import { loadCatalog } from '../lib/registry/providers';
import { runDeployGate, runSeed, type SeedOptions } from '../lib/registry/sync/run';
import type { ModelDefaults, ProviderCatalog } from '../lib/registry/types';
import { createTestDb, type TestDb } from './support/db';

let testDb: TestDb;
let handle: DbHandle;
let catalog: ProviderCatalog;

const config: ModelDefaults = modelDefaults;
const NOW = new Date('2026-11-25T12:00:00Z');

function seedWith(cat: ProviderCatalog, extra: Partial<SeedOptions> = {}) {
  return runSeed(handle.db, {
    trigger: 'cli',
    actor: 'cli',
    config,
    sourceLabel: 'catalog',
    loadCatalog: async () => cat,
    now: () => NOW,
    ...extra,
  });
}

function without(cat: ProviderCatalog, ids: string[]): ProviderCatalog {
  return { ...cat, cards: cat.cards.filter((c) => !ids.includes(c.modelId)) };
}

async function snapshot() {
  const rows = await handle.db.select().from(models).orderBy(asc(models.modelId));
  const [events] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(modelEvents);
  return { rows, events: events?.n ?? 0 };
}

async function model(id: string) {
  const [row] = await handle.db.select().from(models).where(eq(models.modelId, id));
  if (!row) throw new Error(`no model ${id}`);
  return row;
}

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

describe(`seed on ${process.env.TEST_ENGINE}`, () => {
  it('seeds an empty registry: every card added, pins active, others get the default status', async () => {
    const report = await seedWith(catalog);
    expect(report.outcome).toBe('applied');
    expect(report.counts).toMatchObject({
      added: 44,
      updated: 0,
      statusChanged: 0,
      retired: 0,
      restored: 0,
      unchanged: 0,
    });

    const { rows, events } = await snapshot();
    expect(rows).toHaveLength(44);
    expect(events).toBe(44);
    const active = rows.filter((r) => r.status === 'active').map((r) => r.modelId);
    expect(active.sort()).toEqual(
      [
        'mistral-large-2512',
        'mistral-large-latest',
        'mistral-medium',
        'mistral-medium-2508',
        'mistral-medium-latest',
        'mistral-tiny',
        'mistral-tiny-2312',
        'open-mistral-7b',
        'open-mistral-nemo',
        'open-mistral-nemo-2407',
        'mistral-tiny-2407',
        'mistral-tiny-latest',
        'pixtral-large-2411',
        'pixtral-large-latest',
        'mistral-large-pixtral-2411',
      ].sort(),
    );
    expect(rows.filter((r) => r.status === 'active').every((r) => r.statusSource === 'config')).toBe(true);
    const older = await model('mistral-large-2411');
    expect(older).toMatchObject({
      status: 'inactive',
      statusSource: 'default',
      statusSetBy: 'seed',
      source: 'provider',
    });
    expect(await model('mistral-ocr-latest')).toMatchObject({
      displayName: 'Mistral OCR (latest)',
      type: 'ocr',
    });
    expect(report.warnings.some((w) => w.includes('mistral-tiny') && w.includes('deprecat'))).toBe(true);

    const runs = await handle.db.select().from(seedRuns);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: 'applied', added: 44, trigger: 'cli', dryRun: false });
  });

  it('re-seeding an unchanged catalog writes no model rows and no events', async () => {
    await seedWith(catalog);
    const before = await snapshot();
    const xminBefore = await handle.db.execute(
      sql`select string_agg(xmin::text, ',' order by id) as x from models`,
    );
    const report = await seedWith(catalog);
    expect(report.counts).toMatchObject({
      added: 0,
      updated: 0,
      statusChanged: 0,
      retired: 0,
      restored: 0,
      unchanged: 44,
    });
    const after = await snapshot();
    expect(after).toEqual(before);
    const xminAfter = await handle.db.execute(
      sql`select string_agg(xmin::text, ',' order by id) as x from models`,
    );
    expect(JSON.stringify(xminAfter)).toBe(JSON.stringify(xminBefore));
  });

  it('keeps a status an admin set, across seeds and deploys', async () => {
    await seedWith(catalog);
    await setModelStatus(handle.db, config, {
      modelIds: ['mistral-large-2411', 'codestral-latest'],
      status: 'active',
      actor: 'admin:ada@example.com',
    });
    // Active, then inactive again: an admin's decision, even where it matches the default.
    for (const status of ['active', 'inactive'] as const) {
      await setModelStatus(handle.db, config, {
        modelIds: ['mistral-small-latest'],
        status,
        actor: 'admin:ada@example.com',
      });
    }

    await seedWith(catalog);
    await seedWith(without(catalog, ['ministral-8b-2410']));
    const gate = await runDeployGate(handle.db, {
      actor: 'deploy',
      config,
      sourceLabel: 'catalog',
      loadCatalog: async () => catalog,
    });
    expect(gate.outcome).toBe('skipped');
    expect(gate.existingModels).toBe(44);

    expect(await model('mistral-large-2411')).toMatchObject({
      status: 'active',
      statusSource: 'admin',
      statusSetBy: 'admin:ada@example.com',
    });
    expect(await model('codestral-latest')).toMatchObject({ status: 'active', statusSource: 'admin' });
    expect(await model('mistral-small-latest')).toMatchObject({ status: 'inactive', statusSource: 'admin' });
  });

  it('applies pins over a status that disagrees, with the config as actor', async () => {
    await seedWith(catalog);
    await handle.db
      .update(models)
      .set({ status: 'inactive', statusSource: 'admin', statusSetBy: 'admin:x' })
      .where(eq(models.modelId, 'mistral-large-latest'));
    const report = await seedWith(catalog);
    expect(report.counts.statusChanged).toBe(1);
    expect(await model('mistral-large-latest')).toMatchObject({
      status: 'active',
      statusSource: 'config',
      statusSetBy: 'config',
    });
    const events = await handle.db.select().from(modelEvents).where(eq(modelEvents.action, 'status_changed'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: 'config',
      modelId: 'mistral-large-latest',
      seedRunId: report.runId,
    });
    expect(events[0]?.before).toMatchObject({ status: 'inactive', statusSource: 'admin' });
  });

  it('keeps fields an admin overrode and refreshes the rest, remembering the provider value', async () => {
    await seedWith(catalog);
    await handle.db
      .update(models)
      .set({ displayName: 'Our Codestral', overriddenFields: ['displayName'] })
      .where(eq(models.modelId, 'codestral-2508'));
    const changed: ProviderCatalog = {
      ...catalog,
      cards: catalog.cards.map((c) =>
        c.modelId === 'codestral-2508'
          ? { ...c, description: 'Refreshed description', contextLength: 999, modelId: c.modelId }
          : c,
      ),
    };
    const report = await seedWith(changed);
    expect(report.counts.updated).toBe(1);
    const row = await model('codestral-2508');
    expect(row.displayName).toBe('Our Codestral');
    expect(row.description).toBe('Refreshed description');
    expect(row.contextLength).toBe(999);
    expect(row.providerValues?.displayName).toBe('Codestral');
    expect(row.overriddenFields).toEqual(['displayName']);
  });

  it("writes each new model's created event with its values, its status and that status's own reason", async () => {
    const report = await seedWith(catalog);
    const events = await handle.db
      .select()
      .from(modelEvents)
      .where(eq(modelEvents.action, 'created'))
      .orderBy(asc(modelEvents.modelId));
    const rows = (await snapshot()).rows;
    expect(events.map((e) => e.modelId)).toEqual(rows.map((r) => r.modelId));
    const planned = new Map(report.plan?.adds.map((a) => [a.modelId, a.status.reason]));
    for (const [i, event] of events.entries()) {
      const row = rows[i];
      if (!row) throw new Error(`no model row for event ${event.modelId}`);
      expect(event).toMatchObject({
        modelPk: row.id,
        provider: 'mistral',
        actor: row.statusSource === 'config' ? 'config' : 'seed',
        before: null,
        seedRunId: report.runId,
        after: {
          ...row.providerValues,
          groupName: row.groupName,
          status: row.status,
          statusSource: row.statusSource,
          reason: planned.get(event.modelId),
        },
      });
    }
    // Pinned and unpinned models carry different reasons, each its own.
    const reasonOf = (id: string) =>
      (events.find((e) => e.modelId === id)?.after as { reason?: string } | null)?.reason;
    expect(reasonOf('mistral-large-latest')).toMatch(/alwaysActive/);
    expect(reasonOf('mistral-large-2411')).toBe('new model: defaultNewModelStatus is inactive');
  });

  it('retires models the provider stopped listing, and restores them with their status', async () => {
    await seedWith(catalog);
    await setModelStatus(handle.db, config, {
      modelIds: ['devstral-medium-2507'],
      status: 'active',
      actor: 'admin:a@b.c',
    });
    const report = await seedWith(without(catalog, ['devstral-medium-2507', 'mistral-embed']));
    expect(report.counts.retired).toBe(2);
    expect((await model('devstral-medium-2507')).retiredAt).not.toBeNull();
    expect((await snapshot()).rows).toHaveLength(44); // never deleted

    const back = await seedWith(catalog);
    expect(back.counts.restored).toBe(2);
    expect(await model('devstral-medium-2507')).toMatchObject({
      retiredAt: null,
      status: 'active',
      statusSource: 'admin',
    });
    const actions = await handle.db
      .select({ action: modelEvents.action })
      .from(modelEvents)
      .where(eq(modelEvents.modelId, 'devstral-medium-2507'))
      .orderBy(asc(modelEvents.id));
    expect(actions.map((a) => a.action)).toEqual(['created', 'status_changed', 'retired', 'restored']);
  });

  it('refuses a catalog that would retire more than half the models, unless allowed', async () => {
    await seedWith(catalog);
    const before = await snapshot();
    const partial = { ...catalog, cards: catalog.cards.slice(0, 10) };
    const error = await seedWith(partial).catch((e: unknown) => e);
    expect(isRegistryError(error, 'guard')).toBe(true);
    expect((error as Error).message).toContain('--allow-mass-retire');
    expect(await snapshot()).toEqual(before);
    const [failed] = await handle.db.select().from(seedRuns).where(eq(seedRuns.outcome, 'failed'));
    expect(failed?.error).toContain('would retire 34 of the 44');

    const allowed = await seedWith(partial, { allowMassRetire: true });
    expect(allowed.counts.retired).toBe(34);
  });

  it('refuses an empty catalog even with --allow-mass-retire, and changes nothing', async () => {
    await seedWith(catalog);
    const before = await snapshot();
    for (const allowMassRetire of [false, true]) {
      const error = await seedWith({ ...catalog, cards: [] }, { allowMassRetire }).catch((e: unknown) => e);
      expect(isRegistryError(error, 'guard')).toBe(true);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a dry run plans everything and writes only its log line', async () => {
    const report = await seedWith(catalog, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.counts.added).toBe(44);
    expect(report.plan?.adds).toHaveLength(44);
    expect(await snapshot()).toEqual({ rows: [], events: 0 });
    const runs = await handle.db.select().from(seedRuns);
    expect(runs).toMatchObject([{ dryRun: true, outcome: 'skipped', added: 44 }]);
  });

  it('a provider failure is logged as a failed run and writes no model', async () => {
    const error = await seedWith(catalog, {
      loadCatalog: async () => {
        throw new Error('boom from the provider');
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('boom from the provider');
    expect(await snapshot()).toEqual({ rows: [], events: 0 });
    const runs = await handle.db.select().from(seedRuns);
    expect(runs).toMatchObject([{ outcome: 'failed', error: 'boom from the provider' }]);
  });

  it('refuses a config that pins one group both ways', async () => {
    const error = await seedWith(catalog, {
      config: { ...config, alwaysInactive: ['open-mistral-7b'] },
    }).catch((e: unknown) => e);
    expect(isRegistryError(error, 'config')).toBe(true);
    expect((error as Error).message).toContain('open-mistral-7b');
    expect((await snapshot()).rows).toHaveLength(0);
  });

  it('the deploy gate seeds an empty registry once, then skips', async () => {
    const first = await runDeployGate(handle.db, {
      actor: 'deploy',
      config,
      sourceLabel: 'catalog',
      loadCatalog: async () => catalog,
    });
    expect(first.outcome).toBe('applied');
    const second = await runDeployGate(handle.db, {
      actor: 'deploy',
      config,
      sourceLabel: 'catalog',
      loadCatalog: async () => catalog,
    });
    expect(second).toMatchObject({ outcome: 'skipped', existingModels: 44 });
    const runs = await handle.db.select().from(seedRuns).orderBy(asc(seedRuns.startedAt));
    expect(runs.map((r) => [r.trigger, r.outcome])).toEqual([
      ['deploy', 'applied'],
      ['deploy', 'skipped'],
    ]);
  });
});
