// The edit dialog's read (lib/registry/reads/model-editor.ts `editableModel`) on each engine: what the dialog shows
// of one model, read when it opens now that the Models page's rows carry only what they show — the pin that holds
// its status, the provider's values beside an admin's, the price a reset would restore, and nothing for a row that
// is gone.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { models } from '../db/schema';
import { updateModel } from '../lib/registry/changes/model-edit';
import { editableModel } from '../lib/registry/reads/model-editor';
import { deployedCatalogDb } from './support/catalog-db';
import { engine } from './support/db';

const deployed = deployedCatalogDb();

async function rowOf(modelId: string) {
  return deployed.db.use(async ({ db }) => {
    const [row] = await db.select().from(models).where(eq(models.modelId, modelId));
    if (!row) throw new Error(`${modelId} is in the bundled catalog`);
    return row;
  });
}

describe(`the edit dialog's model on ${engine}`, () => {
  it('names the config pin that holds a status', async () => {
    const pinned = await rowOf('mistral-large-latest');
    const model = await deployed.db.use(({ db }) => editableModel(db, modelDefaults, pinned.id));
    expect(model?.pin).toMatch(/^pinned active by config \(alwaysActive: 'mistral-large'/);
    expect(model).toMatchObject({ modelId: 'mistral-large-latest', status: 'active', source: 'provider' });
  });

  it("shows an admin's values beside the provider's, and the price a reset restores", async () => {
    const row = await rowOf('codestral-2508');
    expect(row.priceSource).toMatch(/^catalog:/);
    await deployed.db.use(({ db }) =>
      updateModel(
        db,
        modelDefaults,
        { id: row.id, version: row.version, displayName: 'Codestral (ours)', inputPricePerMtok: '9' },
        'admin:t@example.com',
      ),
    );
    const model = await deployed.db.use(({ db }) => editableModel(db, modelDefaults, row.id));
    expect(model).toMatchObject({
      displayName: 'Codestral (ours)',
      version: row.version + 1,
      pin: null,
      inputPrice: '9.000000',
      priceSource: 'admin',
      providerValues: { displayName: row.displayName },
    });
    expect(model?.overriddenFields).toContain('displayName');
    // The catalog's price, which "Use the catalog price" puts back.
    expect(model?.seedPrice?.source).toBe(row.priceSource);
    expect(Number(model?.seedPrice?.input)).toBe(Number(row.inputPricePerMtok));
    expect(Number(model?.seedPrice?.output)).toBe(Number(row.outputPricePerMtok));
  });

  it('is null for a row id no model has', async () => {
    expect(await deployed.db.use(({ db }) => editableModel(db, modelDefaults, 987_654))).toBeNull();
  });
});
