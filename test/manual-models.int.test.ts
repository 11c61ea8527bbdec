// Manual models against a real engine: create with an audit event, refusals that write nothing, delete only
// manual ones, and a seed that leaves them alone.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { modelEvents, models } from '../db/schema';
import {
  createManualModel,
  deleteManualModel,
  manualModelSchema,
} from '../lib/registry/changes/manual-models';
import { isRegistryError } from '../lib/registry/errors';
import { engine } from './support/db';
import { seededRegistry } from './support/seeded-registry';

const config = { ...modelDefaults, alwaysInactive: ['banned-model'] };
const ACTOR = 'admin:cy@example.com';
const create = (input: Record<string, unknown>) =>
  createManualModel(
    registry.handle.db,
    config,
    manualModelSchema.parse({ provider: 'mistral', type: 'chat', status: 'active', ...input }),
    ACTOR,
  );
const kindOf = (error: unknown) => (isRegistryError(error) ? error.kind : error);
const events = () =>
  registry.handle.db.select().from(modelEvents).where(eq(modelEvents.actor, ACTOR)).orderBy(modelEvents.id);
const registry = seededRegistry(config);
const seed = registry.seed;

describe(`manual models on ${engine}`, () => {
  it('creates one with a created event; a seed neither retires nor changes it; deleting it logs the row', async () => {
    const { id } = await create({
      modelId: 'acme-ft-1',
      displayName: 'Acme fine-tune',
      contextLength: '32000',
      inputPricePerMtok: '0.4',
    });
    await seed();
    const [row] = await registry.handle.db.select().from(models).where(eq(models.id, id));
    expect(row).toMatchObject({
      source: 'manual',
      status: 'active',
      statusSource: 'admin',
      statusSetBy: ACTOR,
      retiredAt: null,
      displayName: 'Acme fine-tune',
      contextLength: 32000,
    });

    await deleteManualModel(registry.handle.db, { id, version: row?.version ?? 0 }, ACTOR);
    expect(await registry.handle.db.select().from(models).where(eq(models.id, id))).toHaveLength(0);
    const log = await events();
    expect(log.map((e) => [e.modelId, e.action])).toEqual([
      ['acme-ft-1', 'created'],
      ['acme-ft-1', 'deleted'],
    ]);
    expect(log[1]?.before).toMatchObject({ displayName: 'Acme fine-tune', status: 'active' });
  });

  it('refuses a duplicate id, an unknown provider and a status against a pin, writing nothing', async () => {
    await expect(create({ modelId: 'codestral-2508', displayName: 'x' }).catch(kindOf)).resolves.toBe(
      'input',
    );
    await expect(create({ provider: 'nobody', modelId: 'y', displayName: 'y' }).catch(kindOf)).resolves.toBe(
      'input',
    );
    await expect(create({ modelId: 'banned-model', displayName: 'b' }).catch(kindOf)).resolves.toBe(
      'refused',
    );
    expect(await events()).toHaveLength(0);
    // Created with the pinned status, it is recorded as config's.
    const { id } = await create({ modelId: 'banned-model', displayName: 'b', status: 'inactive' });
    const [row] = await registry.handle.db.select().from(models).where(eq(models.id, id));
    expect(row).toMatchObject({ status: 'inactive', statusSource: 'config' });
  });

  it('refuses to delete a provider model (the seed would bring it back) and a stale version', async () => {
    const [provider] = await registry.handle.db
      .select()
      .from(models)
      .where(eq(models.modelId, 'codestral-2508'));
    const refused = await deleteManualModel(
      registry.handle.db,
      { id: provider?.id ?? 0, version: provider?.version ?? 0 },
      ACTOR,
    ).catch((e: unknown) => e);
    expect(kindOf(refused)).toBe('refused');
    expect(String(refused)).toContain('Set it inactive instead');

    const { id } = await create({ modelId: 'acme-ft-2', displayName: 'Two' });
    await expect(
      deleteManualModel(registry.handle.db, { id, version: 99 }, ACTOR).catch(kindOf),
    ).resolves.toBe('conflict');
    expect(await registry.handle.db.select().from(models).where(eq(models.id, id))).toHaveLength(1);
  });

  it('rejects malformed input with field messages', () => {
    const result = manualModelSchema.safeParse({
      provider: 'mistral',
      modelId: ' bad id<script>',
      displayName: '',
      type: 'spaceship',
      status: 'maybe',
      contextLength: '-3',
    });
    expect(result.success).toBe(false);
    const fields = Object.keys(result.error?.flatten().fieldErrors ?? {}).sort();
    expect(fields).toEqual(['contextLength', 'displayName', 'modelId', 'status', 'type']);
    // Postgres cannot store NUL, and no display name needs a control character: refused as input, not a 500.
    const nul = manualModelSchema.safeParse({
      provider: 'mistral',
      modelId: 'ok-1',
      displayName: 'a\u0000b',
      type: 'chat',
      status: 'active',
    });
    expect(nul.error?.flatten().fieldErrors.displayName).toEqual(['Control characters are not allowed.']);
  });
});
