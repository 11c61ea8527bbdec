// Manual models: ones an admin adds by hand (a fine-tune, a model a provider does not list). Only these can be
// deleted; a provider model would come back with the next seed, so the registry refuses and says "set inactive".
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client';
import { models, providers } from '../../../db/schema';
import { type AuditEvent, insertEvents } from '../audit/events';
import { pinKey, registryPins } from '../config/pins';
import { decideStatus } from '../config/status';
import { RegistryError } from '../errors';
import {
  contextLengthSchema,
  descriptionFormSchema,
  fieldSchemas,
  modelIdSchema,
  priceSchema,
  providerIdSchema,
  rowNumberSchema,
} from '../model/fields';
import type { ModelDefaults } from '../types';
import { staleVersionError } from './model-edit';
import { writeManualModels } from './write';

export const manualModelSchema = z.object({
  provider: z.string().trim().pipe(providerIdSchema),
  modelId: z.string().trim().min(1, 'An id is required.').pipe(modelIdSchema),
  displayName: fieldSchemas.displayName,
  description: descriptionFormSchema.optional(),
  type: fieldSchemas.type,
  status: fieldSchemas.status,
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
      provider: input.provider,
      modelId: input.modelId,
      source: 'manual' as const,
      groupName: null,
      aliases: [],
      deprecation: null,
    };
    const pin = (await registryPins(tx, config, now, [candidate])).pins.get(
      pinKey(input.provider, input.modelId),
    );
    const status = decideStatus(pin, input.status, actor);
    if ('refusal' in status) {
      throw new RegistryError(
        'refused',
        `${input.modelId} is ${status.refusal}: create it as ${pin?.status}, or change the config.`,
      );
    }
    const key = `${input.provider}/${input.modelId}`;
    const created = await writeManualModels(
      tx,
      [
        {
          provider: input.provider,
          modelId: input.modelId,
          fields: {
            displayName: input.displayName,
            description: input.description ?? null,
            type: input.type,
            contextLength: input.contextLength ?? null,
            inputPricePerMtok: input.inputPricePerMtok ?? null,
            outputPricePerMtok: input.outputPricePerMtok ?? null,
          },
          status,
          isDefault: false,
        },
      ],
      actor,
      now,
    );
    const id = created.get(key);
    if (id === undefined) throw new Error(`creating ${key} returned no row`);
    return { id };
  });
}

export const deleteModelSchema = z.object({
  id: rowNumberSchema,
  version: rowNumberSchema,
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
    if (row.version !== input.version) throw await staleVersionError(tx, row, 'deleted');
    await tx.delete(models).where(eq(models.id, row.id));
    const deleted: AuditEvent = {
      modelPk: row.id,
      provider: row.provider,
      modelId: row.modelId,
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
    };
    await insertEvents(tx, [deleted]);
    return { modelId: row.modelId };
  });
}
