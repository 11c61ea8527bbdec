// One pin resolution for every entry point: a manual model can be pinned by its own exact id but never takes a
// pin away from a provider group (issue 12, defect 1), and setting a pinned model to the status its pin requires is
// not an error.
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { models } from '../db/schema';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import {
  createManualModel,
  deleteManualModel,
  manualModelSchema,
} from '../lib/registry/changes/manual-models';
import { setModelStatus } from '../lib/registry/changes/status-edit';
import { pinKey, registryPins } from '../lib/registry/config/pins';
import { isRegistryError } from '../lib/registry/errors';
import { exportRegistry, importRegistry, parseExportFile } from '../lib/registry/transfer/export-import';
import { engine } from './support/db';
import { seededRegistry } from './support/seeded-registry';

const config = { ...modelDefaults, alwaysActive: [...modelDefaults.alwaysActive, 'acme-pinned-ft'] };
const ACTOR = 'admin:pia@example.com';
const registry = seededRegistry(config);
const db = () => registry.handle.db;
const LARGE = ['mistral-large-2512', 'mistral-large-latest'];

const createManual = (input: Record<string, unknown>) =>
  createManualModel(
    db(),
    config,
    manualModelSchema.parse({ provider: 'mistral', type: 'chat', status: 'inactive', ...input }),
    ACTOR,
  );
const statusOf = async (ids: string[]) =>
  Object.fromEntries(
    (
      await db()
        .select({ modelId: models.modelId, status: models.status })
        .from(models)
        .where(inArray(models.modelId, ids))
    ).map((r) => [r.modelId, r.status]),
  );
const pkOf = async (modelId: string) => {
  const [row] = await db().select({ id: models.id }).from(models).where(eq(models.modelId, modelId));
  if (!row) throw new Error(`no ${modelId}`);
  return row.id;
};

describe(`pins on ${engine}`, () => {
  it('a manual model named like a pin entry does not take the pin away from the provider group', async () => {
    // The entry names the manual model's own id exactly, so the pin applies to it as well (created active).
    await createManual({ modelId: 'mistral-large', displayName: 'Decoy', status: 'active' });
    const pins = (await registryPins(db(), config, new Date())).pins;
    for (const id of [...LARGE, 'mistral-large'])
      expect(pins.get(pinKey('mistral', id)), id).toMatchObject({ status: 'active', entry: 'mistral-large' });

    // The CLI refuses, bulk edit skips: the group stays active.
    const refused = await setModelStatus(db(), config, {
      modelIds: ['mistral-large-latest'],
      status: 'inactive',
      actor: 'cli',
    }).catch((e: unknown) => e);
    expect(isRegistryError(refused) && refused.kind).toBe('refused');
    const bulk = await applyBulkEdit(db(), config, {
      target: { kind: 'ids', ids: await Promise.all(LARGE.map(pkOf)) },
      changes: { status: 'inactive' },
      actor: ACTOR,
    });
    expect(bulk).toMatchObject({ changed: 0, pinnedSkipped: 2 });
    expect(await statusOf(LARGE)).toEqual({
      'mistral-large-2512': 'active',
      'mistral-large-latest': 'active',
    });
  });

  it('an import whose manual entry aliases a pin entry does not unpin the group', async () => {
    const file = await exportRegistry(db());
    for (const entry of file.models)
      if (LARGE.includes(entry.modelId)) Object.assign(entry, { status: 'inactive', statusSource: 'admin' });
    file.models.push({
      provider: 'mistral',
      modelId: 'acme-decoy',
      source: 'manual',
      status: 'inactive',
      statusSource: 'admin',
      isDefault: false,
      inputPricePerMtok: null,
      outputPricePerMtok: null,
      overrides: {},
      manual: {
        displayName: 'Decoy',
        description: null,
        type: 'chat',
        capabilities: [],
        contextLength: null,
        aliases: ['mistral-large'],
        deprecation: null,
        deprecationReplacement: null,
      },
    });
    const report = await importRegistry(db(), config, parseExportFile(JSON.stringify(file)));
    expect(report.pinnedSkipped.map((p) => p.modelId).sort()).toEqual(LARGE);
    expect(await statusOf(LARGE)).toEqual({
      'mistral-large-2512': 'active',
      'mistral-large-latest': 'active',
    });
  });

  it('a manual model is pinned by its own exact id', async () => {
    const refused = await createManual({ modelId: 'acme-pinned-ft', displayName: 'Pinned' }).catch(
      (e: unknown) => e,
    );
    expect(isRegistryError(refused) && refused.kind).toBe('refused');
    await createManual({ modelId: 'acme-pinned-ft', displayName: 'Pinned', status: 'active' });
    const pins = (await registryPins(db(), config, new Date())).pins;
    expect(pins.get(pinKey('mistral', 'acme-pinned-ft'))).toMatchObject({
      status: 'active',
      entry: 'acme-pinned-ft',
    });
  });

  it('setting a pinned model to the status its pin requires is not refused or skipped', async () => {
    // As left behind by the old decoy bug: a pinned-active model that an admin set inactive.
    await db().execute(
      sql`update models set status = 'inactive', status_source = 'admin' where model_id in ('mistral-large-2512', 'mistral-large-latest')`,
    );
    const decoy = await createManual({ modelId: 'mistral-large', displayName: 'Decoy', status: 'active' });
    const [row] = await db().select().from(models).where(eq(models.id, decoy.id));
    await deleteManualModel(db(), { id: decoy.id, version: row?.version ?? 0 }, ACTOR);

    const bulk = await applyBulkEdit(db(), config, {
      target: { kind: 'ids', ids: [await pkOf('mistral-large-2512')] },
      changes: { status: 'active' },
      actor: ACTOR,
    });
    expect(bulk).toMatchObject({ changed: 1, pinnedSkipped: 0 });
    const cli = await setModelStatus(db(), config, {
      modelIds: ['mistral-large-latest'],
      status: 'active',
      actor: 'cli',
    });
    expect(cli.changed.map((c) => c.modelId)).toEqual(['mistral-large-latest']);
    const after = await db().select().from(models).where(inArray(models.modelId, LARGE));
    // The pin is why they are active now: a later seed has nothing to change.
    for (const r of after) expect(r).toMatchObject({ status: 'active', statusSource: 'config' });
    const reseed = await registry.seed();
    expect(reseed.counts).toMatchObject({ statusChanged: 0, updated: 0 });
  });
});
