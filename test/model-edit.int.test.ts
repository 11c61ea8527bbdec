// Single-model edits against a real engine: conflicts, pins, overrides that survive seeds, reset, one default per type.
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { modelEvents, models } from '../db/schema';
import { modelEditSchema, updateModel } from '../lib/registry/changes/model-edit';
import { isRegistryError } from '../lib/registry/errors';
import { engine } from './support/db';
import { seededRegistry } from './support/seeded-registry';

const config = modelDefaults;
const row = async (modelId: string) => {
  const [found] = await registry.handle.db.select().from(models).where(eq(models.modelId, modelId));
  if (!found) throw new Error(modelId);
  return found;
};
const edit = (input: Record<string, unknown>) =>
  updateModel(registry.handle.db, config, modelEditSchema.parse(input), 'admin:ada@example.com');
const registry = seededRegistry(config);
const seed = registry.seed;

describe(`single edit on ${engine}`, () => {
  it('saves fields as overrides that the next seed keeps, with one audit event', async () => {
    const before = await row('codestral-2508');
    const result = await edit({
      id: before.id,
      version: before.version,
      displayName: 'Codestral (ours)',
      contextLength: '64000',
      // The catalog prices Codestral's input at 0.3: an admin's price is another one.
      inputPricePerMtok: '0.35',
    });
    expect(result.changed.sort()).toEqual(['contextLength', 'displayName', 'inputPricePerMtok']);
    await seed();
    const after = await row('codestral-2508');
    expect(after).toMatchObject({
      displayName: 'Codestral (ours)',
      contextLength: 64000,
      overriddenFields: ['contextLength', 'displayName'],
    });
    expect(Number(after.inputPricePerMtok)).toBe(0.35);
    expect(after.priceSource).toBe('admin');
    const events = await registry.handle.db
      .select()
      .from(modelEvents)
      .where(eq(modelEvents.actor, 'admin:ada@example.com'));
    expect(events).toHaveLength(1);
    expect(events[0]?.after).toMatchObject({ displayName: 'Codestral (ours)', contextLength: 64000 });
  });

  it('a stale version is a conflict naming who changed it first, and overwrites nothing', async () => {
    const stale = await row('codestral-2508');
    await edit({ id: stale.id, version: stale.version, description: 'first writer' });
    const error = await edit({ id: stale.id, version: stale.version, description: 'second writer' }).catch(
      (e: unknown) => e,
    );
    expect(isRegistryError(error, 'conflict')).toBe(true);
    expect((error as Error).message).toContain('admin:ada@example.com');
    // What they did, in the words the history uses, not the event's key.
    expect((error as Error).message).toContain('(fields changed)');
    expect((await row('codestral-2508')).description).toBe('first writer');
  });

  it('refuses a status change on a pinned model', async () => {
    const pinned = await row('mistral-large-latest');
    const error = await edit({ id: pinned.id, version: pinned.version, status: 'inactive' }).catch(
      (e: unknown) => e,
    );
    expect(isRegistryError(error, 'refused')).toBe(true);
    expect((error as Error).message).toMatch(/pinned active by config/);
    expect((await row('mistral-large-latest')).status).toBe('active');
  });

  it('resets a field to the provider value and stops overriding it', async () => {
    const r = await row('codestral-2508');
    await edit({ id: r.id, version: r.version, displayName: 'Mine' });
    const edited = await row('codestral-2508');
    await edit({ id: edited.id, version: edited.version, reset: 'displayName' });
    expect(await row('codestral-2508')).toMatchObject({ displayName: 'Codestral', overriddenFields: [] });
  });

  it('keeps one default per type, moving it in one transaction', async () => {
    const a = await row('mistral-small-latest');
    await edit({ id: a.id, version: a.version, isDefault: 'on' });
    const b = await row('mistral-medium-latest');
    await edit({ id: b.id, version: b.version, isDefault: true });
    const defaults = await registry.handle.db
      .select({ modelId: models.modelId })
      .from(models)
      .where(eq(models.isDefault, true))
      .orderBy(asc(models.modelId));
    expect(defaults).toEqual([{ modelId: 'mistral-medium-latest' }]);
  });

  it('rejects bad input with field errors before touching the database', () => {
    const result = modelEditSchema.safeParse({
      id: 1,
      version: 1,
      displayName: '',
      contextLength: '-5',
      inputPricePerMtok: 'cheap',
      capabilities: 'Vision!',
    });
    expect(result.success).toBe(false);
    const fields = Object.keys(result.error?.flatten().fieldErrors ?? {}).sort();
    expect(fields).toEqual(['capabilities', 'contextLength', 'displayName', 'inputPricePerMtok']);
  });
});
