// Prices against a real database engine (TEST_ENGINE): where each comes from (provider, catalog, admin, unknown),
// how a seed refreshes them, how an admin overrides and resets them, and what an export carries.
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { DbHandle } from '../db/client';
import { modelEvents, models } from '../db/schema';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import { createManualModel, manualModelSchema } from '../lib/registry/changes/manual-models';
import { modelEditSchema, updateModel } from '../lib/registry/changes/model-edit';
import { CATALOG_SOURCE } from '../lib/registry/lifecycle/price-catalog';
import { runSeed } from '../lib/registry/sync/run';
import { exportRegistry, importRegistry } from '../lib/registry/transfer/export-import';
import type { ModelDefaults, ProviderCard, ProviderCatalog } from '../lib/registry/types';
import { createTestDb, type TestDb } from './support/db';

let testDb: TestDb;
let handle: DbHandle;
const config: ModelDefaults = { ...modelDefaults, alwaysActive: [], alwaysInactive: [] };

const card = (modelId: string, extra: Partial<ProviderCard> = {}): ProviderCard => ({
  modelId,
  groupName: modelId,
  aliases: [],
  description: null,
  contextLength: null,
  capabilities: [],
  type: 'chat',
  deprecation: null,
  deprecationReplacement: null,
  ...extra,
});

/** A Together catalog: one model it prices, one the price catalog knows, one nobody prices, one free. */
const together = (overrides: Record<string, Partial<ProviderCard>> = {}): ProviderCatalog => ({
  provider: 'together',
  source: { kind: 'api', url: 'http://127.0.0.1/v1/models' },
  warnings: [],
  cards: [
    card('a/own-price', { price: { input: '0.88', output: '1.2' } }),
    card('meta-llama/Llama-3.3-70B-Instruct-Turbo'),
    card('a/unpriced'),
    card('a/free', { price: { input: '0', output: '0' } }),
  ].map((c) => ({ ...c, ...overrides[c.modelId] })),
});

const seed = (catalog: ProviderCatalog) =>
  runSeed(handle.db, {
    trigger: 'cli',
    actor: 'cli',
    config,
    provider: 'together',
    providerInfo: { displayName: 'Together AI', apiBaseUrl: 'http://127.0.0.1' },
    sourceLabel: 'api',
    loadCatalog: async () => catalog,
  });

async function price(modelId: string) {
  const [row] = await handle.db.select().from(models).where(eq(models.modelId, modelId));
  if (!row) throw new Error(`no model ${modelId}`);
  return {
    input: row.inputPricePerMtok === null ? null : Number(row.inputPricePerMtok),
    output: row.outputPricePerMtok === null ? null : Number(row.outputPricePerMtok),
    source: row.priceSource,
    kept: row.providerValues?.price,
  };
}

const eventsOf = (modelId: string) =>
  handle.db.select().from(modelEvents).where(eq(modelEvents.modelId, modelId)).orderBy(asc(modelEvents.id));

beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open();
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});
beforeEach(async () => {
  await handle.db.execute(sql`truncate model_events, seed_runs, models restart identity cascade`);
});

describe(`prices on ${process.env.TEST_ENGINE}`, () => {
  it('a seed stores the provider’s price, else the catalog’s, else unknown (null, not 0); 0 is free', async () => {
    await seed(together());
    expect(await price('a/own-price')).toMatchObject({ input: 0.88, output: 1.2, source: 'provider' });
    expect(await price('meta-llama/Llama-3.3-70B-Instruct-Turbo')).toMatchObject({
      input: 0.88,
      output: 0.88,
      source: CATALOG_SOURCE,
    });
    expect(CATALOG_SOURCE).toBe('catalog:@pydantic/genai-prices@0.1.8');
    expect(await price('a/unpriced')).toMatchObject({ input: null, output: null, source: null, kept: null });
    expect(await price('a/free')).toMatchObject({ input: 0, output: 0, source: 'provider' });
    // The created event carries the price and its source.
    const [created] = await eventsOf('a/own-price');
    expect(created?.after).toMatchObject({
      inputPricePerMtok: '0.88',
      outputPricePerMtok: '1.2',
      priceSource: 'provider',
    });
  });

  it('a re-seed with unchanged prices writes no row and no event', async () => {
    await seed(together());
    const before = await handle.db.execute(
      sql`select string_agg(xmin::text, ',' order by id) as x from models`,
    );
    const events = (await handle.db.select().from(modelEvents)).length;
    const report = await seed(together());
    expect(report.counts).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
    const after = await handle.db.execute(
      sql`select string_agg(xmin::text, ',' order by id) as x from models`,
    );
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
    expect((await handle.db.select().from(modelEvents)).length).toBe(events);
  });

  it('a seed refreshes a non-admin price like any provider field, before → after in the updated event', async () => {
    await seed(together());
    const report = await seed(
      together({
        'a/own-price': { price: { input: '0.9', output: '1.2' } },
        // The provider now prices the catalog's model itself: its answer wins.
        'meta-llama/Llama-3.3-70B-Instruct-Turbo': { price: { input: '0.5', output: null } },
      }),
    );
    expect(report.counts.updated).toBe(2);
    expect(await price('a/own-price')).toMatchObject({ input: 0.9, output: 1.2, source: 'provider' });
    expect(await price('meta-llama/Llama-3.3-70B-Instruct-Turbo')).toMatchObject({
      input: 0.5,
      output: null,
      source: 'provider',
    });
    const updated = (await eventsOf('meta-llama/Llama-3.3-70B-Instruct-Turbo')).at(-1);
    expect(updated).toMatchObject({
      action: 'updated',
      actor: 'seed',
      before: { inputPricePerMtok: '0.88', outputPricePerMtok: '0.88', priceSource: CATALOG_SOURCE },
      after: { inputPricePerMtok: '0.5', outputPricePerMtok: null, priceSource: 'provider' },
    });
    // The provider stops pricing it: back to the catalog's price.
    await seed(together());
    expect(await price('meta-llama/Llama-3.3-70B-Instruct-Turbo')).toMatchObject({
      input: 0.88,
      source: CATALOG_SOURCE,
    });
  });

  it('a seed never overwrites an admin’s price; it keeps the provider’s beside it', async () => {
    await seed(together());
    await handle.db
      .update(models)
      .set({ inputPricePerMtok: '3', outputPricePerMtok: '4', priceSource: 'admin' })
      .where(eq(models.modelId, 'a/own-price'));
    const report = await seed(together({ 'a/own-price': { price: { input: '0.7', output: '1.2' } } }));
    expect(report.counts.updated).toBe(1);
    expect(await price('a/own-price')).toMatchObject({
      input: 3,
      output: 4,
      source: 'admin',
      kept: { input: '0.7', output: '1.2', source: 'provider' },
    });
    expect((await eventsOf('a/own-price')).at(-1)).toMatchObject({
      action: 'updated',
      before: { 'provider.inputPricePerMtok': '0.88' },
      after: { 'provider.inputPricePerMtok': '0.7' },
    });
  });

  const rowOf = async (modelId: string) => {
    const [row] = await handle.db.select().from(models).where(eq(models.modelId, modelId));
    if (!row) throw new Error(`no model ${modelId}`);
    return row;
  };
  const edit = async (modelId: string, input: Record<string, unknown>) => {
    const row = await rowOf(modelId);
    return updateModel(
      handle.db,
      config,
      modelEditSchema.parse({ id: row.id, version: row.version, ...input }),
      'admin:ops@example.com',
    );
  };
  const LLAMA = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';

  it('a price an admin sets is an admin price a seed keeps; resending the catalog’s changes nothing; reset restores it', async () => {
    await seed(together());
    // The dialog sends every field back: the catalog's own price unchanged is not an admin decision.
    expect((await edit(LLAMA, { inputPricePerMtok: '0.88', outputPricePerMtok: '0.880' })).changed).toEqual(
      [],
    );
    expect(await price(LLAMA)).toMatchObject({ source: CATALOG_SOURCE });

    await edit(LLAMA, { inputPricePerMtok: '1', outputPricePerMtok: '0.88' });
    expect(await price(LLAMA)).toMatchObject({ input: 1, output: 0.88, source: 'admin' });
    expect((await eventsOf(LLAMA)).at(-1)).toMatchObject({
      actor: 'admin:ops@example.com',
      action: 'updated',
      before: { priceSource: CATALOG_SOURCE },
      after: { inputPricePerMtok: '1', priceSource: 'admin' },
    });
    await seed(together());
    expect(await price(LLAMA)).toMatchObject({ input: 1, source: 'admin' });

    // "Use the provider/catalog price": back to the seed's, with no provider call.
    await edit(LLAMA, { resetPrice: 'on', inputPricePerMtok: '1' });
    expect(await price(LLAMA)).toMatchObject({ input: 0.88, output: 0.88, source: CATALOG_SOURCE });
    expect((await eventsOf(LLAMA)).at(-1)).toMatchObject({
      before: { priceSource: 'admin' },
      after: { priceSource: CATALOG_SOURCE },
    });
  });

  it('bulk edits make the whole pair an admin’s; bad prices are refused before anything is written', async () => {
    await seed(together());
    const targets = [(await rowOf('a/own-price')).id, (await rowOf('a/unpriced')).id];
    await applyBulkEdit(handle.db, config, {
      target: { kind: 'ids', ids: targets },
      changes: { inputPricePerMtok: '2' },
      actor: 'admin:ops@example.com',
    } as Parameters<typeof applyBulkEdit>[2]);
    expect(await price('a/own-price')).toMatchObject({ input: 2, output: 1.2, source: 'admin' });
    expect(await price('a/unpriced')).toMatchObject({ input: 2, output: null, source: 'admin' });
    for (const bad of ['-1', 'free', '1e3'])
      expect(modelEditSchema.safeParse({ id: 1, version: 1, inputPricePerMtok: bad }).success).toBe(false);
  });

  it('a manual model’s prices are an admin’s; without any they are unknown', async () => {
    await seed(together());
    const base = { provider: 'together', type: 'chat', status: 'active', displayName: 'Manual' };
    await createManualModel(
      handle.db,
      config,
      manualModelSchema.parse({
        ...base,
        modelId: 'm/priced',
        inputPricePerMtok: '5',
        outputPricePerMtok: '',
      }),
      'admin:ops@example.com',
    );
    await createManualModel(
      handle.db,
      config,
      manualModelSchema.parse({ ...base, modelId: 'm/unpriced' }),
      'cli',
    );
    expect(await price('m/priced')).toMatchObject({ input: 5, output: null, source: 'admin' });
    expect(await price('m/unpriced')).toMatchObject({ input: null, output: null, source: null });
  });

  it('an export carries only admin prices; a round trip changes nothing and never makes a seed’s price an admin’s', async () => {
    await seed(together());
    await edit('a/unpriced', { inputPricePerMtok: '7', outputPricePerMtok: '8' });
    const file = await exportRegistry(handle.db);
    const entry = (id: string) => file.models.find((m) => m.modelId === id);
    expect(entry('a/unpriced')).toMatchObject({ inputPricePerMtok: '7', outputPricePerMtok: '8' });
    expect(entry('a/own-price')).toMatchObject({ inputPricePerMtok: null, outputPricePerMtok: null });
    expect(entry(LLAMA)).toMatchObject({ inputPricePerMtok: null, outputPricePerMtok: null });

    const xmin = sql`select string_agg(xmin::text, ',' order by id) as x from models`;
    const before = JSON.stringify(await handle.db.execute(xmin));
    const report = await importRegistry(handle.db, config, file);
    expect(report).toMatchObject({ changed: 0, created: 0 });
    expect(JSON.stringify(await handle.db.execute(xmin))).toBe(before);

    // Into a registry where the admin's price was dropped: it comes back as an admin's; the others stay the seed's.
    await edit('a/unpriced', { resetPrice: true });
    expect(await price('a/unpriced')).toMatchObject({ input: null, source: null });
    await importRegistry(handle.db, config, file);
    expect(await price('a/unpriced')).toMatchObject({ input: 7, output: 8, source: 'admin' });
    expect(await price('a/own-price')).toMatchObject({ input: 0.88, source: 'provider' });
    expect(await price(LLAMA)).toMatchObject({ source: CATALOG_SOURCE });
  });
});
