// The review queue through the shipped seed command and the registry's edit paths: a provider's first sync queues
// nothing; a later sync queues what it adds with the default status (not what config pins); a person marking
// reviewed, or setting the status, ends the wait with one `reviewed` audit event; the filter and the home count
// follow; a dry run queues nothing.
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelEvents, models } from '../db/schema';
import { applyBulkEdit, previewBulkEdit } from '../lib/registry/changes/bulk-edit';
import { setModelStatus } from '../lib/registry/changes/status-edit';
import {
  filterCondition,
  listModels,
  modelWriteFilterSchema,
  parseModelFilter,
} from '../lib/registry/reads/models-page';
import { registryOverview } from '../lib/registry/reads/overview';
import type { ModelDefaults } from '../lib/registry/types';
import ollamaModels from './fixtures/providers/ollama-models.json';
import { runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';
import { startFakeOllama } from './support/fake-list-server';
import { type FakeMistral, RECORDED_CATALOG, startFakeMistral } from './support/fake-mistral';
import { scratchFiles } from './support/files';

let testDb: TestDb;
let mistral: FakeMistral;

/** Two solo models (no aliases, no group mates): one left to the default, one pinned by config. */
const NEW_DEFAULT = 'devstral-medium-2507';
const NEW_PINNED = 'mistral-medium-2505';
const config: ModelDefaults = {
  alwaysActive: [NEW_PINNED],
  alwaysInactive: [],
  defaultNewModelStatus: 'inactive',
};
const files = scratchFiles('mr-review-');
const configPath = files.file('model-defaults.json', config);

const withoutNew = () => ({
  ...RECORDED_CATALOG,
  data: RECORDED_CATALOG.data.filter((card) => card.id !== NEW_DEFAULT && card.id !== NEW_PINNED),
});

const seed = (args: string[] = [], extra: Record<string, string> = {}) =>
  runCli('models-seed', args, {
    env: {
      ...testDb.env,
      MISTRAL_API_KEY: 'k',
      MISTRAL_API_URL: mistral.url,
      MODEL_DEFAULTS_PATH: configPath,
      ...extra,
    },
  });

const awaiting = () =>
  testDb.use(({ db }) =>
    db
      .select({ modelId: models.modelId, since: models.awaitingReviewSince, status: models.status })
      .from(models)
      .where(isNotNull(models.awaitingReviewSince))
      .orderBy(asc(models.modelId)),
  );

const reviewedEvents = () =>
  testDb.use(({ db }) =>
    db.select().from(modelEvents).where(eq(modelEvents.action, 'reviewed')).orderBy(asc(modelEvents.id)),
  );

async function pkOf(modelId: string): Promise<number> {
  const [row] = await testDb.use(({ db }) =>
    db.select({ id: models.id }).from(models).where(eq(models.modelId, modelId)),
  );
  if (!row) throw new Error(`no ${modelId}`);
  return row.id;
}

/** The first sync without the two models, then a sync that adds them: one model queued. */
async function queueOne(): Promise<Date> {
  mistral.enqueue({ status: 200, body: withoutNew() });
  const first = await seed();
  expect(first.code, first.stderr).toBe(0);
  expect(await awaiting()).toEqual([]); // the starting point queues nothing
  const before = new Date();
  const second = await seed();
  expect(second.code, second.stderr).toBe(0);
  return before;
}

beforeAll(async () => {
  testDb = await createTestDb();
  mistral = await startFakeMistral();
});
afterAll(async () => {
  await testDb?.drop();
  await mistral?.close();
});
beforeEach(async () => {
  await testDb.reset();
});

describe(`the review queue on ${engine}`, () => {
  it('a later sync queues the model it adds with the default status, not the pinned one; a dry run queues nothing', async () => {
    mistral.enqueue({ status: 200, body: withoutNew() });
    expect((await seed()).code).toBe(0);
    const dry = await seed(['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(await awaiting()).toEqual([]);

    const before = new Date();
    const second = await seed();
    expect(second.code, second.stderr).toBe(0);
    const queued = await awaiting();
    expect(queued.map((q) => [q.modelId, q.status])).toEqual([[NEW_DEFAULT, 'inactive']]);
    expect(queued[0]?.since?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    // The pinned one was added too, decided by config: not queued.
    const [pinned] = await testDb.use(({ db }) =>
      db.select().from(models).where(eq(models.modelId, NEW_PINNED)),
    );
    expect(pinned).toMatchObject({ status: 'active', statusSource: 'config', awaitingReviewSince: null });
    // Its `created` event says since when it waits.
    const [created] = await testDb.use(({ db }) =>
      db
        .select()
        .from(modelEvents)
        .where(and(eq(modelEvents.modelId, NEW_DEFAULT), eq(modelEvents.action, 'created'))),
    );
    expect(created?.after).toMatchObject({
      statusSource: 'default',
      awaitingReviewSince: queued[0]?.since?.toISOString(),
    });

    // The filter lists it, the home page counts it.
    await testDb.use(async ({ db }) => {
      const list = await listModels(db, parseModelFilter({ review: 'awaiting' }));
      expect(list.rows.map((r) => [r.modelId, r.awaitingReviewSince !== null])).toEqual([
        [NEW_DEFAULT, true],
      ]);
      expect((await registryOverview(db)).awaitingReview).toBe(1);
    });
  });

  it("a newly added provider's first sync queues nothing; its later additions are queued", async () => {
    mistral.enqueue({ status: 200, body: RECORDED_CATALOG });
    expect((await seed()).code).toBe(0);
    const [first, ...rest] = ollamaModels.data;
    const ollama = await startFakeOllama({ ...ollamaModels, data: rest });
    try {
      const providers = files.file('providers.json', {
        providers: [{ id: 'ollama', kind: 'openai-compatible', name: 'Ollama', baseUrl: `${ollama.url}/v1` }],
      });
      const env = { PROVIDERS_PATH: providers };
      const added = await seed(['--provider', 'ollama'], env);
      expect(added.code, added.stderr).toBe(0);
      expect(await awaiting()).toEqual([]);
      ollama.enqueue({ status: 200, body: ollamaModels });
      const later = await seed(['--provider', 'ollama'], env);
      expect(later.code, later.stderr).toBe(0);
      expect((await awaiting()).map((q) => q.modelId)).toEqual([first?.id]);
    } finally {
      await ollama.close();
    }
  });

  it('marking reviewed ends the wait with one reviewed event; the others are already so and get none', async () => {
    const queuedAt = await queueOne();
    const id = await pkOf(NEW_DEFAULT);
    const other = await pkOf('mistral-large-2411');
    const [since] = (await awaiting()).map((q) => q.since);
    expect(since?.getTime()).toBeGreaterThanOrEqual(queuedAt.getTime() - 1000);

    const result = await testDb.use(({ db }) =>
      applyBulkEdit(db, config, {
        target: { kind: 'ids', ids: [id, other] },
        changes: { reviewed: true },
        actor: 'admin:ada@example.com',
      }),
    );
    expect(result).toEqual({ changed: 1, alreadySo: 1, pinnedSkipped: 0, bulkEdit: expect.any(String) });
    expect(await awaiting()).toEqual([]);
    const events = await reviewedEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      modelId: NEW_DEFAULT,
      actor: 'admin:ada@example.com',
      before: { awaitingReviewSince: since?.toISOString() },
      after: { awaitingReviewSince: null },
    });
    // The status stays the default's: reviewing does not make it an admin's choice.
    const [row] = await testDb.use(({ db }) => db.select().from(models).where(eq(models.id, id)));
    expect(row).toMatchObject({ status: 'inactive', statusSource: 'default' });

    // Again: nothing to do, nothing written.
    const again = await testDb.use(({ db }) =>
      applyBulkEdit(db, config, {
        target: { kind: 'ids', ids: [id] },
        changes: { reviewed: true },
        actor: 'admin:ada@example.com',
      }),
    );
    expect(again).toEqual({ changed: 0, alreadySo: 1, pinnedSkipped: 0, bulkEdit: null });
    expect(await reviewedEvents()).toHaveLength(1);
  });

  it('setting the status of a queued model reviews it, in one event with the status, from the dashboard and the CLI', async () => {
    await queueOne();
    const id = await pkOf(NEW_DEFAULT);
    await testDb.use(({ db }) =>
      applyBulkEdit(db, config, {
        target: { kind: 'ids', ids: [id] },
        changes: { status: 'active', reviewed: true },
        actor: 'admin:ada@example.com',
      }),
    );
    expect(await awaiting()).toEqual([]);
    const [event] = await reviewedEvents();
    expect(event).toMatchObject({
      actor: 'admin:ada@example.com',
      before: { status: 'inactive', statusSource: 'default' },
      after: { status: 'active', statusSource: 'admin', awaitingReviewSince: null },
    });
    // One event for the change, not a status_changed beside it.
    const all = await testDb.use(({ db }) =>
      db.select().from(modelEvents).where(eq(modelEvents.modelPk, id)).orderBy(asc(modelEvents.id)),
    );
    expect(all.map((e) => e.action)).toEqual(['created', 'reviewed']);

    // models:edit (a status set from a shell) reviews too.
    await testDb.reset();
    await queueOne();
    await testDb.use(({ db }) =>
      setModelStatus(db, config, { modelIds: [NEW_DEFAULT], status: 'active', actor: 'cli:ops' }),
    );
    expect(await awaiting()).toEqual([]);
    expect((await reviewedEvents()).map((e) => e.actor)).toEqual(['cli:ops']);
  });

  it('bulk "mark reviewed" by the awaiting-review filter empties the queue; a write filter refuses a bad value', async () => {
    // Two syncs that each add one model: two queued.
    mistral.enqueue({ status: 200, body: withoutNew() });
    expect((await seed()).code).toBe(0);
    const extra = {
      ...RECORDED_CATALOG.data[0],
      id: 'mistral-review-extra-2601',
      name: 'mistral-review-extra-2601',
      aliases: [],
    };
    mistral.enqueue({ status: 200, body: { ...RECORDED_CATALOG, data: [...RECORDED_CATALOG.data, extra] } });
    expect((await seed()).code).toBe(0);
    expect((await awaiting()).map((q) => q.modelId)).toEqual([NEW_DEFAULT, 'mistral-review-extra-2601']);

    const filter = { review: 'awaiting' as const };
    const preview = await testDb.use(({ db }) =>
      previewBulkEdit(db, config, { kind: 'filter', filter }, { reviewed: true }),
    );
    expect(preview).toMatchObject({ matched: 2, willChange: 2 });
    await testDb.use(({ db }) =>
      applyBulkEdit(db, config, {
        target: { kind: 'filter', filter },
        changes: { reviewed: true },
        actor: 'admin:ada@example.com',
      }),
    );
    expect(await awaiting()).toEqual([]);
    expect((await reviewedEvents()).map((e) => e.modelId).sort()).toEqual(
      [NEW_DEFAULT, 'mistral-review-extra-2601'].sort(),
    );
    await testDb.use(async ({ db }) => {
      expect((await registryOverview(db)).awaitingReview).toBe(0);
      const ids = await db
        .select({ id: models.id })
        .from(models)
        .where(and(filterCondition(filter), inArray(models.modelId, [NEW_DEFAULT])));
      expect(ids).toEqual([]);
    });
    const bad = modelWriteFilterSchema.safeParse({ review: 'yes' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['review'], message: 'Choose awaiting.' });
  });
});
