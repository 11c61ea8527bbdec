// Single-model edits from the dashboard: optimistic concurrency on `version`, pins refused, overrides
// recorded (so a seed keeps them), "reset to provider value", one default per type, audit in the same transaction.
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { type Model, modelEvents, models, type OverridableField } from '../../db/schema';
import { type EventRow, insertEvents } from './apply';
import { RegistryError } from './errors';
import { contextLengthSchema, plainText, priceSchema } from './fields';
import { describePin } from './groups';
import { registryPins } from './pins';
import { OVERRIDABLE_FIELDS, sameValue } from './plan';
import type { ModelDefaults } from './types';

/** What the edit form may send. FormData values arrive as strings; empty means "none". */
export const modelEditSchema = z.object({
  id: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
  displayName: plainText()
    .trim()
    .min(1, 'A display name is required.')
    .max(200, 'At most 200 characters.')
    .optional(),
  description: plainText()
    .trim()
    .max(2000, 'At most 2000 characters.')
    .transform((v) => v || null)
    .optional(),
  status: z.enum(['active', 'inactive']).optional(),
  contextLength: contextLengthSchema.optional(),
  inputPricePerMtok: priceSchema.optional(),
  outputPricePerMtok: priceSchema.optional(),
  isDefault: z
    .union([z.boolean(), z.enum(['on', 'true', 'false', ''])])
    .transform((v) => v === true || v === 'on' || v === 'true')
    .optional(),
  capabilities: z
    .union([z.array(z.string()), z.string()])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((c) => c.trim()).filter(Boolean))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^[a-z0-9_]{1,40}$/, 'Capabilities are lower-case words like vision or function_calling.'),
        )
        .max(40),
    )
    .transform((v) => [...new Set(v)].sort())
    .optional(),
  /** Fields to put back to the provider's value (and stop overriding). */
  reset: z
    .union([
      z.array(z.enum(OVERRIDABLE_FIELDS as [OverridableField, ...OverridableField[]])),
      z.enum(OVERRIDABLE_FIELDS as [OverridableField, ...OverridableField[]]),
    ])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
});
export type ModelEdit = z.output<typeof modelEditSchema>;

const EDITABLE = [
  'displayName',
  'description',
  'status',
  'contextLength',
  'inputPricePerMtok',
  'outputPricePerMtok',
  'isDefault',
  'capabilities',
] as const;
type Editable = (typeof EDITABLE)[number];

/** Prices are numeric(14,6) in the database ("2.500000"): equal numbers are the same price. */
export function samePrice(current: string | null, next: string | null): boolean {
  return current === null || next === null ? current === next : Number(current) === Number(next);
}

function sameEditValue(field: Editable, current: unknown, next: unknown): boolean {
  if (field === 'inputPricePerMtok' || field === 'outputPricePerMtok') {
    return samePrice(current as string | null, next as string | null);
  }
  return sameValue(current, next);
}

export class ConflictError extends RegistryError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export async function updateModel(
  db: Database,
  config: ModelDefaults,
  edit: ModelEdit,
  actor: string,
  now: Date = new Date(),
): Promise<{ changed: string[]; version: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(models).where(eq(models.id, edit.id)).for('update');
    if (!row) throw new RegistryError('refused', 'This model no longer exists. Reload the page.');
    if (row.version !== edit.version) {
      const [last] = await tx
        .select({ actor: modelEvents.actor, action: modelEvents.action, at: modelEvents.createdAt })
        .from(modelEvents)
        .where(and(eq(modelEvents.provider, row.provider), eq(modelEvents.modelId, row.modelId)))
        .orderBy(desc(modelEvents.id))
        .limit(1);
      const who = last
        ? ` by ${last.actor} (${last.action.replace('_', ' ')}) at ${last.at.toISOString().slice(0, 19)} UTC`
        : '';
      throw new ConflictError(
        `Someone else changed ${row.modelId} first${who}. Nothing was saved: reload to see their change, then edit again.`,
      );
    }

    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set: Partial<Record<Editable, unknown>> = {};
    const overridden = new Set<OverridableField>(row.overriddenFields);
    for (const field of EDITABLE) {
      const value = edit[field];
      if (value === undefined || sameEditValue(field, row[field as keyof Model], value)) continue;
      before[field] = row[field as keyof Model];
      after[field] = value;
      set[field] = value;
      if ((OVERRIDABLE_FIELDS as readonly string[]).includes(field) && row.source === 'provider')
        overridden.add(field as OverridableField);
    }
    for (const field of edit.reset ?? []) {
      if (!row.providerValues || !overridden.has(field)) continue;
      overridden.delete(field);
      const providerValue =
        field === 'deprecation'
          ? row.providerValues.deprecation
            ? new Date(row.providerValues.deprecation)
            : null
          : row.providerValues[field];
      if (!sameValue(row[field as keyof Model], providerValue)) {
        before[field] = row[field as keyof Model];
        after[field] = providerValue;
        (set as Record<string, unknown>)[field] = providerValue;
      }
    }

    const statusChange = set.status !== undefined;
    if (statusChange) {
      const pin = (await registryPins(tx, config, now)).pins.get(row.modelId);
      if (pin && pin.status !== set.status) {
        throw new RegistryError(
          'refused',
          `${row.modelId} is ${describePin(pin)}: the UI cannot change its status. Change the config instead.`,
        );
      }
    }
    const overriddenChanged = !sameValue([...overridden].sort(), [...row.overriddenFields].sort());
    if (Object.keys(set).length === 0 && !overriddenChanged) return { changed: [], version: row.version };

    const events: EventRow[] = [];
    const event = (action: EventRow['action'], b: Record<string, unknown>, a: Record<string, unknown>) =>
      events.push({
        model_pk: row.id,
        provider: row.provider,
        model_id: row.modelId,
        actor,
        action,
        before: b,
        after: a,
        seed_run_id: null,
      });

    if (set.isDefault === true) {
      // One default per type: the previous default of this type loses it, in the same transaction, with its own event.
      const previous = await tx
        .update(models)
        .set({ isDefault: false, version: sql`${models.version} + 1`, updatedAt: now })
        .where(and(eq(models.type, row.type), eq(models.isDefault, true), ne(models.id, row.id)))
        .returning({ id: models.id, provider: models.provider, modelId: models.modelId });
      for (const p of previous) {
        events.push({
          model_pk: p.id,
          provider: p.provider,
          model_id: p.modelId,
          actor,
          action: 'updated',
          before: { isDefault: true },
          after: { isDefault: false, reason: `${row.modelId} became the default ${row.type} model` },
          seed_run_id: null,
        });
      }
    }

    const [saved] = await tx
      .update(models)
      .set({
        ...(set as Partial<typeof models.$inferInsert>),
        ...(statusChange ? { statusSource: 'admin' as const, statusSetBy: actor, statusSetAt: now } : {}),
        overriddenFields: [...overridden].sort(),
        version: row.version + 1,
        updatedAt: now,
      })
      .where(and(eq(models.id, row.id), eq(models.version, row.version)))
      .returning({ version: models.version });
    if (!saved)
      throw new ConflictError(
        `Someone else changed ${row.modelId} first. Nothing was saved: reload and edit again.`,
      );

    const { status: statusBefore, ...fieldsBefore } = before;
    const { status: statusAfter, ...fieldsAfter } = after;
    if (statusChange)
      event(
        'status_changed',
        { status: statusBefore, statusSource: row.statusSource },
        { status: statusAfter, statusSource: 'admin' },
      );
    if (Object.keys(fieldsAfter).length > 0 || overriddenChanged) {
      const overrides = overriddenChanged
        ? [{ overriddenFields: row.overriddenFields }, { overriddenFields: [...overridden].sort() }]
        : [{}, {}];
      event('updated', { ...fieldsBefore, ...overrides[0] }, { ...fieldsAfter, ...overrides[1] });
    }
    await insertEvents(tx, events);
    return { changed: Object.keys(after), version: saved.version };
  });
}
