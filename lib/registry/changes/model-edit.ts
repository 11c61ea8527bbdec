// The edit dialog: one model, with the version the admin saw. This adapter chooses the target and the `refuse`
// policy; the change pipeline (changes/) plans — overrides recorded so a seed keeps them, "reset to provider
// value", one default per type, the version checked — and writes, with one audit event per changed model.
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../../db/client';
import {
  type Model,
  modelEvents,
  models,
  OVERRIDABLE_FIELDS,
  type OverridableField,
} from '../../../db/schema';
import { ACTION_LABELS } from '../audit/labels';
import { RegistryError } from '../errors';
import {
  capabilitiesFormSchema,
  contextLengthSchema,
  descriptionFormSchema,
  fieldSchemas,
  priceSchema,
  rowNumberSchema,
} from '../model/fields';
import type { ModelDefaults } from '../types';
import { planChanges } from './plan';
import { changeContext, lockTargets, writeChanges } from './write';

const overridable = z.enum(OVERRIDABLE_FIELDS);

/** What the edit form may send. FormData values arrive as strings; empty means "none". */
export const modelEditSchema = z.object({
  id: rowNumberSchema,
  version: rowNumberSchema,
  displayName: fieldSchemas.displayName.optional(),
  description: descriptionFormSchema.optional(),
  status: fieldSchemas.status.optional(),
  contextLength: contextLengthSchema.optional(),
  inputPricePerMtok: priceSchema.optional(),
  outputPricePerMtok: priceSchema.optional(),
  isDefault: z
    .union([z.boolean(), z.enum(['on', 'true', 'false', ''])])
    .transform((v) => v === true || v === 'on' || v === 'true')
    .optional(),
  capabilities: capabilitiesFormSchema.optional(),
  /** Use the provider's or the catalog's price again instead of an admin's (model/prices.ts). */
  resetPrice: z
    .union([z.boolean(), z.enum(['on', 'true', 'false', ''])])
    .transform((v) => v === true || v === 'on' || v === 'true')
    .optional(),
  /** Fields to put back to the provider's value (and stop overriding). */
  reset: z
    .union([z.array(overridable), overridable])
    .transform((v): OverridableField[] => (Array.isArray(v) ? v : [v]))
    .optional(),
});
export type ModelEdit = z.output<typeof modelEditSchema>;

export class ConflictError extends RegistryError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** "Someone else changed X first (by who, what, when)": what a stale save or delete tells the admin. */
export async function staleVersionError(tx: Executor, row: Model, nothing: string): Promise<ConflictError> {
  const [last] = await tx
    .select({ actor: modelEvents.actor, action: modelEvents.action, at: modelEvents.createdAt })
    .from(modelEvents)
    .where(and(eq(modelEvents.provider, row.provider), eq(modelEvents.modelId, row.modelId)))
    .orderBy(desc(modelEvents.id))
    .limit(1);
  const who = last
    ? ` by ${last.actor} (${(ACTION_LABELS[last.action] ?? last.action).toLowerCase()}) at ${last.at.toISOString().slice(0, 19)} UTC`
    : '';
  return new ConflictError(
    `Someone else changed ${row.modelId} first${who}. Nothing was ${nothing}: reload to see their change, then try again.`,
  );
}

export async function updateModel(
  db: Database,
  config: ModelDefaults,
  edit: ModelEdit,
  actor: string,
  now: Date = new Date(),
): Promise<{ changed: string[]; version: number }> {
  return db.transaction(async (tx) => {
    const [row] = await lockTargets(tx, eq(models.id, edit.id));
    if (!row) throw new RegistryError('refused', 'This model no longer exists. Reload the page.');
    const context = await changeContext(tx, config, now);
    const plan = planChanges({
      items: [
        {
          target: row,
          request: {
            expectedVersion: edit.version,
            status: edit.status,
            isDefault: edit.isDefault,
            reset: edit.reset,
            resetPrice: edit.resetPrice,
            fields: {
              displayName: edit.displayName,
              description: edit.description,
              contextLength: edit.contextLength,
              inputPricePerMtok: edit.inputPricePerMtok,
              outputPricePerMtok: edit.outputPricePerMtok,
              capabilities: edit.capabilities,
            },
          },
        },
      ],
      pins: context.pins,
      policy: 'refuse',
      actor,
      currentDefaults: context.currentDefaults,
    });
    const refusal = plan.refused[0];
    if (refusal?.kind === 'conflict') throw await staleVersionError(tx, row, 'saved');
    if (refusal) {
      throw new RegistryError(
        'refused',
        `${row.modelId} is ${refusal.reason}: the UI cannot change its status. Change the config instead.`,
      );
    }
    await writeChanges(tx, plan.changes, actor, now);
    const own = plan.changes.find((c) => c.target.id === row.id);
    return { changed: own?.changed ?? [], version: own ? row.version + 1 : row.version };
  });
}
