// Bulk edits against a real engine: status, default-off, prices and type for ids or a filter; pins skipped;
// one audit event per changed model; overrides that a later seed keeps; refusals that write nothing.
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { modelEvents, models } from '../db/schema';
import {
  applyBulkEdit,
  bulkChangesSchema,
  MAX_SELECTED_IDS,
  previewBulkEdit,
} from '../lib/registry/changes/bulk-edit';
import { isRegistryError } from '../lib/registry/errors';
import { engine } from './support/db';
import { seededRegistry } from './support/seeded-registry';

const config = modelDefaults;
const ACTOR = 'admin:bea@example.com';
const idsOf = async (modelIds: string[]) =>
  (
    await registry.handle.db.select({ id: models.id }).from(models).where(inArray(models.modelId, modelIds))
  ).map((r) => r.id);
const rowsOf = (modelIds: string[]) =>
  registry.handle.db.select().from(models).where(inArray(models.modelId, modelIds)).orderBy(models.modelId);
const eventsBy = (actor: string) =>
  registry.handle.db.select().from(modelEvents).where(eq(modelEvents.actor, actor)).orderBy(modelEvents.id);
/** Statements sent while `counting` is on: the bulk edit's count must not grow with the number of models. */
let counting = false;
const statements: string[] = [];
const registry = seededRegistry(config, {
  logger: { logQuery: (query) => counting && statements.push(query) },
});
const seed = registry.seed;

describe(`bulk edit on ${engine}`, () => {
  it('previews, then sets status for selected ids with one status event each and pinned ones skipped', async () => {
    const names = ['codestral-2508', 'devstral-medium-2507', 'mistral-large-latest'];
    const target = { kind: 'ids' as const, ids: await idsOf(names) };
    const activate = bulkChangesSchema.parse({ status: 'active' });
    // codestral and devstral are new models, inactive by default; mistral-large-latest is pinned active.
    expect(await previewBulkEdit(registry.handle.db, config, target, activate)).toMatchObject({
      matched: 3,
      willChange: 2,
      alreadySo: 1,
      pinned: [],
      changing: [
        expect.objectContaining({
          modelId: 'codestral-2508',
          provider: 'mistral',
          displayName: expect.any(String),
        }),
        expect.objectContaining({ modelId: 'devstral-medium-2507', provider: 'mistral' }),
      ],
    });
    expect(await eventsBy(ACTOR)).toHaveLength(0);
    expect(
      await applyBulkEdit(registry.handle.db, config, { target, changes: activate, actor: ACTOR }),
    ).toEqual({
      changed: 2,
      alreadySo: 1,
      pinnedSkipped: 0,
      bulkEdit: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    const changes = bulkChangesSchema.parse({ status: 'inactive' });
    const preview = await previewBulkEdit(registry.handle.db, config, target, changes);
    expect(preview).toMatchObject({ matched: 3, willChange: 2, alreadySo: 0 });
    expect(preview.pinned).toEqual([
      { modelId: 'mistral-large-latest', reason: expect.stringContaining('pinned active') },
    ]);
    const result = await applyBulkEdit(registry.handle.db, config, { target, changes, actor: ACTOR });
    expect(result).toEqual({ changed: 2, alreadySo: 0, pinnedSkipped: 1, bulkEdit: expect.any(String) });
    const after = await rowsOf(names);
    expect(after.map((r) => [r.modelId, r.status, r.statusSource])).toEqual([
      ['codestral-2508', 'inactive', 'admin'],
      ['devstral-medium-2507', 'inactive', 'admin'],
      ['mistral-large-latest', 'active', 'config'],
    ]);
    const events = await eventsBy(ACTOR);
    expect(events.map((e) => [e.modelId, e.action, e.after?.status])).toEqual([
      ['codestral-2508', 'status_changed', 'active'],
      ['devstral-medium-2507', 'status_changed', 'active'],
      ['codestral-2508', 'status_changed', 'inactive'],
      ['devstral-medium-2507', 'status_changed', 'inactive'],
    ]);
  });

  it('changes prices, default-off and type by filter; the type is an override the next seed keeps', async () => {
    const [ocr] = await rowsOf(['mistral-ocr-2512']);
    if (!ocr) throw new Error('fixture');
    await registry.handle.db.update(models).set({ isDefault: true }).where(eq(models.id, ocr.id));

    const filter = { q: 'mistral-ocr' };
    const changes = bulkChangesSchema.parse({
      clearDefault: true,
      inputPricePerMtok: '1.5',
      outputPricePerMtok: '',
      type: 'other',
    });
    const result = await applyBulkEdit(registry.handle.db, config, {
      target: { kind: 'filter', filter },
      changes,
      actor: ACTOR,
    });
    const matching = await registry.handle.db
      .select()
      .from(models)
      .where(sql`${models.modelId} ilike '%mistral-ocr%'`);
    expect(result.changed).toBe(matching.length);
    for (const row of matching) {
      expect(row).toMatchObject({ type: 'other', isDefault: false, outputPricePerMtok: null });
      expect(Number(row.inputPricePerMtok)).toBe(1.5);
      expect(row.overriddenFields).toContain('type');
    }
    const events = await eventsBy(ACTOR);
    expect(events).toHaveLength(matching.length);
    const ocrEvent = events.find((e) => e.modelId === 'mistral-ocr-2512');
    expect(ocrEvent).toMatchObject({
      action: 'updated',
      before: { type: 'ocr', isDefault: true, inputPricePerMtok: null },
      after: { type: 'other', isDefault: false, inputPricePerMtok: '1.5' },
    });

    await seed();
    const [reseeded] = await rowsOf(['mistral-ocr-2512']);
    expect(reseeded?.type).toBe('other');
  });

  it('counts rows already so and writes nothing for them', async () => {
    const target = { kind: 'filter' as const, filter: { status: 'inactive' as const } };
    const result = await applyBulkEdit(registry.handle.db, config, {
      target,
      changes: { status: 'inactive' },
      actor: ACTOR,
    });
    expect(result.changed).toBe(0);
    expect(result.bulkEdit).toBeNull();
    expect(result.alreadySo).toBeGreaterThan(0);
    expect(await eventsBy(ACTOR)).toHaveLength(0);
  });

  it('refuses an empty change set and an oversized selection before writing anything', async () => {
    expect(bulkChangesSchema.safeParse({}).success).toBe(false);
    expect(bulkChangesSchema.safeParse({ type: 'spaceship' }).success).toBe(false);
    expect(bulkChangesSchema.safeParse({ inputPricePerMtok: '1e9' }).success).toBe(false);
    const ids = Array.from({ length: MAX_SELECTED_IDS + 1 }, (_, i) => i + 1);
    const error = await applyBulkEdit(registry.handle.db, config, {
      target: { kind: 'ids', ids },
      changes: { status: 'active' },
      actor: ACTOR,
    }).catch((e: unknown) => e);
    expect(isRegistryError(error) && error.kind).toBe('usage');
    expect(await eventsBy(ACTOR)).toHaveLength(0);
  });

  it('sends the same number of statements for 2 models as for all of them', async () => {
    const countFor = async (ids: number[], status: 'active' | 'inactive') => {
      statements.length = 0;
      counting = true;
      try {
        const result = await applyBulkEdit(registry.handle.db, config, {
          target: { kind: 'ids', ids },
          changes: { status, inputPricePerMtok: status === 'active' ? '2' : '3' },
          actor: ACTOR,
        });
        expect(result.changed).toBeGreaterThan(0);
      } finally {
        counting = false;
      }
      return statements.length;
    };
    const all = (await registry.handle.db.select({ id: models.id }).from(models)).map((r) => r.id);
    const few = await countFor(all.slice(0, 2), 'active');
    const many = await countFor(all, 'inactive');
    expect(all.length).toBeGreaterThan(40);
    expect(many).toBe(few);
    // begin/commit as the driver sends them, the table's lock and its work_mem, the read by class, update and events, and the pins: the rows the config's
    // entries match, then the rest of their groups until no row is added (two reads here; config/pins.ts).
    expect(few).toBeLessThanOrEqual(8);
  });
});

describe(`bulk edit of many models alike on ${engine}`, () => {
  it('plans each class once yet writes and records every model as model-by-model would', async () => {
    const db = registry.handle.db;
    const all = await db.select().from(models).orderBy(models.id);
    // Make the classes differ: some statuses an admin set, some models awaiting review since two times.
    const byAdmin = all.slice(0, 5).map((r) => r.id);
    await db
      .update(models)
      .set({ statusSource: 'admin', statusSetBy: 'admin:x', status: 'active' })
      .where(inArray(models.id, byAdmin));
    const awaiting = all.slice(5, 12).map((r) => r.id);
    await db
      .update(models)
      .set({ awaitingReviewSince: new Date('2026-01-02T03:04:05Z') })
      .where(inArray(models.id, awaiting.slice(0, 3)));
    await db
      .update(models)
      .set({ awaitingReviewSince: new Date('2026-02-03T04:05:06Z') })
      .where(inArray(models.id, awaiting.slice(3)));
    // Two of each wait are active, so the edit sets their status and ends their wait, each with its own time.
    await db
      .update(models)
      .set({ status: 'active' })
      .where(inArray(models.id, [...awaiting.slice(0, 2), ...awaiting.slice(3, 5)]));
    const before = new Map((await db.select().from(models)).map((r) => [r.id, r]));
    const actor = 'admin:classes@example.com';

    const changes = bulkChangesSchema.parse({
      status: 'inactive',
      inputPricePerMtok: '7',
      outputPricePerMtok: '8',
    });
    const preview = await previewBulkEdit(db, config, { kind: 'filter', filter: {} }, changes);
    const result = await applyBulkEdit(db, config, {
      target: { kind: 'filter', filter: {} },
      changes,
      actor,
    });
    const events = await eventsBy(actor);
    // The preview is the same plan: its counts, and the first models it lists are the first that changed.
    expect(preview.matched).toBe(all.length);
    expect(preview.willChange).toBe(result.changed);
    expect(preview.changing.map((m) => m.id)).toEqual(
      events
        .map((e) => e.modelPk as number)
        .sort((a, b) => a - b)
        .slice(0, 20),
    );
    const after = await db.select().from(models).orderBy(models.id);
    // Every model changed but the pinned-active ones' status, which is skipped while their price applies.
    expect(result.changed).toBe(after.length);
    expect(events).toHaveLength(after.length);
    expect(new Set(events.map((e) => e.modelPk))).toEqual(new Set(after.map((r) => r.id)));
    const reviewed = events.filter((e) => e.action === 'reviewed');
    expect(reviewed).toHaveLength(4);
    for (const event of events) {
      const was = before.get(event.modelPk as number);
      const now = after.find((r) => r.id === event.modelPk);
      expect(was && now).toBeTruthy();
      if (!was || !now) continue;
      // Each event names its own model and what that model was, not its class's first member.
      expect([event.provider, event.modelId]).toEqual([was.provider, was.modelId]);
      expect(now.inputPricePerMtok).toBe('7.000000');
      expect(now.version).toBe(was.version + 1);
      const pinned = now.statusSource === 'config';
      if (!pinned) {
        expect(now.status).toBe('inactive');
        expect((event.after as Record<string, unknown>).bulkEdit).toBe(result.bulkEdit);
      }
      if (was.status !== now.status) {
        expect((event.before as Record<string, unknown>).status).toBe(was.status);
        expect(now.statusSetAt.getTime()).toBeGreaterThan(was.statusSetAt.getTime());
      } else expect(now.statusSetAt).toEqual(was.statusSetAt);
      // A status this person set ends the wait for review; a price alone does not (config/review.ts).
      if (was.awaitingReviewSince && was.status === now.status)
        expect(now.awaitingReviewSince).toEqual(was.awaitingReviewSince);
      if (was.awaitingReviewSince && was.status !== now.status) {
        expect(now.awaitingReviewSince).toBeNull();
        expect((event.before as Record<string, unknown>).awaitingReviewSince).toBe(
          was.awaitingReviewSince.toISOString(),
        );
      }
    }

    // With nothing pinned no model is a class of its own: every inactive one changes, the rest are already so.
    const unpinned = { ...config, alwaysActive: [], alwaysInactive: [] };
    const again = await applyBulkEdit(db, unpinned, {
      target: { kind: 'filter', filter: {} },
      changes: bulkChangesSchema.parse({ status: 'active' }),
      actor: 'admin:unpinned@example.com',
    });
    const inactive = after.filter((r) => r.status === 'inactive').length;
    expect(inactive).toBeGreaterThan(0);
    expect([again.changed, again.alreadySo]).toEqual([inactive, after.length - inactive]);
    expect(await eventsBy('admin:unpinned@example.com')).toHaveLength(inactive);
    expect(new Set((await db.select({ s: models.status }).from(models)).map((r) => r.s))).toEqual(
      new Set(['active']),
    );
  });
});
