// Undo of a bulk edit against a real engine: every model the edit changed is put back as its audit event recorded
// (status with its origin, default, prices and their source, type and its override, the wait for review), with one
// `undone` event each; a model changed since is left and named; a second undo and an unknown id write nothing.
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { type Model, modelEvents, models } from '../db/schema';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import { updateModel } from '../lib/registry/changes/model-edit';
import { undoBulkEdit, undoBulkSchema } from '../lib/registry/changes/undo';
import { isRegistryError } from '../lib/registry/errors';
import { engine } from './support/db';
import { seededRegistry } from './support/seeded-registry';

const config = modelDefaults;
const EDITOR = 'admin:bea@example.com';
const UNDOER = 'admin:ada@example.com';
const registry = seededRegistry(config);
const db = () => registry.handle.db;

// codestral and devstral are new (inactive, default); mistral-large-latest is pinned active by config.
const NAMES = ['codestral-2508', 'devstral-medium-2507', 'mistral-large-latest', 'mistral-ocr-2512'];

/** The rows as a person compares them: everything but the bookkeeping every write moves on. */
async function snapshot(names = NAMES) {
  const rows = await db().select().from(models).where(inArray(models.modelId, names)).orderBy(models.modelId);
  return rows.map(({ version: _v, updatedAt: _u, statusSetAt: _s, ...row }) => row);
}
const idsOf = async (names: string[]) =>
  (await db().select({ id: models.id }).from(models).where(inArray(models.modelId, names))).map((r) => r.id);
const eventsBy = (actor: string) =>
  db().select().from(modelEvents).where(eq(modelEvents.actor, actor)).orderBy(modelEvents.id);

/** One model made its type's default and another awaiting review, so the bulk edit has both to take away. */
async function prepare(): Promise<Date> {
  const waiting = new Date('2026-02-03T04:05:06.000Z');
  await db().update(models).set({ isDefault: true }).where(eq(models.modelId, 'mistral-ocr-2512'));
  await db()
    .update(models)
    .set({ awaitingReviewSince: waiting })
    .where(eq(models.modelId, 'devstral-medium-2507'));
  return waiting;
}

async function bulkEdit(names = NAMES) {
  const result = await applyBulkEdit(db(), config, {
    target: { kind: 'ids', ids: await idsOf(names) },
    changes: {
      status: 'active',
      clearDefault: true,
      inputPricePerMtok: '1.5',
      type: 'other',
      reviewed: true,
    },
    actor: EDITOR,
  });
  if (!result.bulkEdit) throw new Error('the bulk edit changed nothing');
  return result.bulkEdit;
}

describe(`undo of a bulk edit on ${engine}`, () => {
  it('puts every changed model back as recorded, status origin included, with one undone event each', async () => {
    const waiting = await prepare();
    const before = await snapshot();
    const bulk = await bulkEdit();
    const edited = await snapshot();
    expect(edited).not.toEqual(before);
    expect(edited.find((r) => r.modelId === 'codestral-2508')).toMatchObject({
      status: 'active',
      statusSource: 'admin',
      statusSetBy: EDITOR,
      type: 'other',
    });

    const result = await undoBulkEdit(db(), config, { bulkEdit: bulk, actor: UNDOER });
    expect(result).toEqual({ undone: 4, changedSince: [], pinned: [], alreadyUndone: false });
    expect(await snapshot()).toEqual(before);
    const restored = (await snapshot()).find((r) => r.modelId === 'codestral-2508') as Partial<Model>;
    // Its status is the default's again (set by the seed), not the undoing admin's.
    expect(restored).toMatchObject({ status: 'inactive', statusSource: 'default', statusSetBy: 'seed' });
    const devstral = (await snapshot()).find((r) => r.modelId === 'devstral-medium-2507');
    expect(devstral?.awaitingReviewSince).toEqual(waiting);

    const events = await eventsBy(UNDOER);
    expect(events.map((e) => [e.modelId, e.action]).sort()).toEqual(NAMES.map((n) => [n, 'undone']));
    for (const event of events) {
      expect(event.after).toMatchObject({ undoes: bulk, reason: expect.stringContaining(`by ${EDITOR}`) });
    }
    const ocr = events.find((e) => e.modelId === 'mistral-ocr-2512');
    expect(ocr).toMatchObject({
      before: { type: 'other', isDefault: false, inputPricePerMtok: '1.5' },
      after: { type: 'ocr', isDefault: true, inputPricePerMtok: null },
    });
  });

  it('leaves a model changed since as it is and names it; the others come back', async () => {
    await prepare();
    const before = await snapshot();
    const bulk = await bulkEdit();
    const [codestral] = await db().select().from(models).where(eq(models.modelId, 'codestral-2508'));
    if (!codestral) throw new Error('fixture');
    await updateModel(
      db(),
      config,
      { id: codestral.id, version: codestral.version, displayName: 'Ours' },
      EDITOR,
    );
    const changedSince = await snapshot(['codestral-2508']);

    const result = await undoBulkEdit(db(), config, { bulkEdit: bulk, actor: UNDOER });
    expect(result).toEqual({ undone: 3, changedSince: ['codestral-2508'], pinned: [], alreadyUndone: false });
    expect(await snapshot(['codestral-2508'])).toEqual(changedSince);
    const others = NAMES.filter((n) => n !== 'codestral-2508');
    expect(await snapshot(others)).toEqual(before.filter((r) => r.modelId !== 'codestral-2508'));
  });

  it('does nothing the second time, and refuses an id no bulk edit has', async () => {
    const bulk = await bulkEdit(['codestral-2508', 'devstral-medium-2507']);
    expect((await undoBulkEdit(db(), config, { bulkEdit: bulk, actor: UNDOER })).undone).toBe(2);
    const once = await snapshot();
    const events = (await eventsBy(UNDOER)).length;

    expect(await undoBulkEdit(db(), config, { bulkEdit: bulk, actor: UNDOER })).toEqual({
      undone: 0,
      changedSince: [],
      pinned: [],
      alreadyUndone: true,
    });
    const unknown = await undoBulkEdit(db(), config, {
      bulkEdit: '00000000-0000-4000-8000-000000000000',
      actor: UNDOER,
    }).catch((e: unknown) => e);
    expect(isRegistryError(unknown, 'refused')).toBe(true);
    expect((unknown as Error).message).toMatch(/No bulk edit has the id .*nothing was changed/);
    expect(await snapshot()).toEqual(once);
    expect(await eventsBy(UNDOER)).toHaveLength(events);
    expect(undoBulkSchema.safeParse({ bulkEdit: 'not-an-id' }).success).toBe(false);
  });

  it("puts back a price source the edit moved, and no other model's", async () => {
    // A's price is an admin's, equal to the provider's; C's is the provider's. Setting the same input price takes A
    // back to the provider's source (the pair is the provider's again) and changes nothing of C's price: A's event
    // records the source, C's does not — the undo must not write C's source from a column it never read.
    const [a, c] = ['codestral-2508', 'devstral-medium-2507'];
    await db().execute(sql`
      update models set input_price_per_mtok = 1, output_price_per_mtok = 2,
        price_source = case when model_id = ${a} then 'admin' else 'provider' end,
        provider_values = jsonb_set(coalesce(provider_values, '{}'::jsonb), '{price}',
          '{"input":"1","output":"2","source":"provider"}'::jsonb)
      where model_id in (${a}, ${c})`);
    const sources = async () =>
      Object.fromEntries(
        (
          await db()
            .select({ modelId: models.modelId, priceSource: models.priceSource })
            .from(models)
            .where(inArray(models.modelId, [a, c]))
        ).map((r) => [r.modelId, r.priceSource]),
      );
    const edit = await applyBulkEdit(db(), config, {
      target: { kind: 'ids', ids: await idsOf([a, c]) },
      changes: { type: 'other', inputPricePerMtok: '1' },
      actor: EDITOR,
    });
    expect(await sources()).toEqual({ [a]: 'provider', [c]: 'provider' });
    await undoBulkEdit(db(), config, { bulkEdit: edit.bulkEdit ?? '', actor: UNDOER });
    expect(await sources()).toEqual({ [a]: 'admin', [c]: 'provider' });
  });

  it('an undo undoes the bulk edit only, not what the edit of an undo event would be', async () => {
    const bulk = await bulkEdit(['codestral-2508']);
    await undoBulkEdit(db(), config, { bulkEdit: bulk, actor: UNDOER });
    // The undo's own events carry `undoes`, not `bulkEdit`: they cannot be taken for a bulk edit to undo.
    const [undoEvent] = await eventsBy(UNDOER);
    expect(undoEvent?.after).not.toHaveProperty('bulkEdit');
  });
});
