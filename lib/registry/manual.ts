// Manual models: ones an admin adds by hand (a fine-tune, a model a provider does not list). Only these can be
// deleted; a provider model would come back with the next seed, so the registry refuses and says "set inactive".
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { models, providers } from '../../db/schema';
import { insertEvents } from './apply';
import { RegistryError } from './errors';
import { contextLengthSchema, plainText, priceSchema } from './fields';
import { describePin } from './groups';
import { ConflictError } from './model-edit';
import { registryPins } from './pins';
import { MODEL_TYPES, type ModelDefaults } from './types';

const optionalText = (max: number) =>
  plainText()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((v) => v || null)
    .optional();

export const manualModelSchema = z.object({
  provider: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'Choose a provider.'),
  modelId: z
    .string()
    .trim()
    .min(1, 'An id is required.')
    .max(128, 'At most 128 characters.')
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/,
      'Letters, digits and . _ : / - only, starting with a letter or digit (the id clients send).',
    ),
  displayName: plainText().trim().min(1, 'A display name is required.').max(200, 'At most 200 characters.'),
  description: optionalText(2000),
  type: z.enum(MODEL_TYPES, { error: 'Choose a model type.' }),
  status: z.enum(['active', 'inactive'], { error: 'Choose active or inactive.' }),
  contextLength: contextLengthSchema.optional(),
  inputPricePerMtok: priceSchema.optional(),
  outputPricePerMtok: priceSchema.optional(),
});
export type ManualModelInput = z.output<typeof manualModelSchema>;

export async function createManualModel(
  db: Database,
  config: ModelDefaults,
  input: ManualModelInput,
  actor: string,
  now: Date = new Date(),
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [provider] = await tx
      .select({ id: providers.id })
      .from(providers)
      .where(eq(providers.id, input.provider));
    if (!provider) throw new RegistryError('input', `Unknown provider ${input.provider}.`);
    const [existing] = await tx
      .select({ id: models.id, source: models.source })
      .from(models)
      .where(and(eq(models.provider, input.provider), eq(models.modelId, input.modelId)));
    if (existing) {
      throw new RegistryError(
        'input',
        `${input.provider}/${input.modelId} already exists (a ${existing.source} model): edit it instead.`,
      );
    }
    const candidate = {
      modelId: input.modelId,
      groupName: null,
      aliases: [],
      deprecation: null,
      deprecationReplacement: null,
    };
    const pin = (await registryPins(tx, config, now, [candidate])).pins.get(input.modelId);
    if (pin && pin.status !== input.status) {
      throw new RegistryError(
        'refused',
        `${input.modelId} is ${describePin(pin)}: create it as ${pin.status}, or change the config.`,
      );
    }
    const values = {
      displayName: input.displayName,
      description: input.description ?? null,
      type: input.type,
      contextLength: input.contextLength ?? null,
      inputPricePerMtok: input.inputPricePerMtok ?? null,
      outputPricePerMtok: input.outputPricePerMtok ?? null,
    };
    const [created] = await tx
      .insert(models)
      .values({
        provider: input.provider,
        modelId: input.modelId,
        ...values,
        status: input.status,
        statusSource: pin ? 'config' : 'admin',
        statusSetBy: pin ? 'config' : actor,
        statusSetAt: now,
        source: 'manual',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: models.id });
    if (!created) throw new Error('insert returned no row');
    await insertEvents(tx, [
      {
        model_pk: created.id,
        provider: input.provider,
        model_id: input.modelId,
        actor,
        action: 'created',
        before: null,
        after: { ...values, status: input.status, source: 'manual' },
        seed_run_id: null,
      },
    ]);
    return created;
  });
}

export const deleteModelSchema = z.object({
  id: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
});

export async function deleteManualModel(
  db: Database,
  input: z.output<typeof deleteModelSchema>,
  actor: string,
): Promise<{ modelId: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(models).where(eq(models.id, input.id)).for('update');
    if (!row) throw new RegistryError('refused', 'This model no longer exists. Reload the page.');
    if (row.source !== 'manual') {
      throw new RegistryError(
        'refused',
        `${row.modelId} comes from ${row.provider}: deleting it would not last (the next seed brings it back). Set it inactive instead.`,
      );
    }
    if (row.version !== input.version) {
      throw new ConflictError(
        `Someone else changed ${row.modelId} first. Nothing was deleted: reload and try again.`,
      );
    }
    await tx.delete(models).where(eq(models.id, row.id));
    await insertEvents(tx, [
      {
        model_pk: row.id,
        provider: row.provider,
        model_id: row.modelId,
        actor,
        action: 'deleted',
        before: {
          displayName: row.displayName,
          description: row.description,
          type: row.type,
          status: row.status,
          contextLength: row.contextLength,
          inputPricePerMtok: row.inputPricePerMtok,
          outputPricePerMtok: row.outputPricePerMtok,
          isDefault: row.isDefault,
        },
        after: null,
        seed_run_id: null,
      },
    ]);
    return { modelId: row.modelId };
  });
}
