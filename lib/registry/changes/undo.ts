// Undo of a bulk edit: for each model the edit changed, the values its audit event recorded before are put back
// through the one planner and writer (changes/), one `undone` event per model. A model changed again since is left
// as it is and named; an edit already undone is not undone again. An undo is an admin's change like any other.
import { and, between, eq, gt, inArray, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client';
import {
  EDITABLE_FIELDS,
  type EditableField,
  type ModelEvent,
  type ModelStatus,
  modelEvents,
  models,
  type OverridableField,
  type StatusSource,
} from '../../../db/schema';
import { RegistryError } from '../errors';
import type { ModelDefaults } from '../types';
import { type ChangeRequest, type ChangeTarget, planChanges } from './plan';
import { changeContext, classifyItems, lockTargets, writeChanges } from './write';

export const undoBulkSchema = z.object({
  bulkEdit: z.uuid({ error: 'Name the bulk edit to undo by its id (a UUID), as its result gave it.' }),
});
export type UndoBulk = z.output<typeof undoBulkSchema>;

export type UndoResult = {
  /** Models put back as they were before the bulk edit. */
  undone: number;
  /** Models changed again since the bulk edit (or gone): left as they are. */
  changedSince: string[];
  /** Models whose recorded status a config pin now decides the other way: status kept, the rest put back. */
  pinned: string[];
  /** This bulk edit was undone before: nothing was written. */
  alreadyUndone: boolean;
};

/** The events a bulk edit writes (changes/write.ts); anything else with its tag is not this edit's change. */
const BULK_ACTIONS = ['status_changed', 'updated', 'reviewed'] as const;

const PRICE_FIELDS: readonly string[] = ['inputPricePerMtok', 'outputPricePerMtok'];

/**
 * What puts back the values an event recorded before (pure). The bulk edit left untouched what it did not record,
 * so the override list and price source it did not change are today's, kept as they are.
 */
export function restoreRequest(before: Record<string, unknown>, current: ChangeTarget): ChangeRequest {
  const fields: Partial<Record<EditableField, unknown>> = {};
  for (const field of EDITABLE_FIELDS) if (field in before) fields[field] = before[field];
  const restore: NonNullable<ChangeRequest['restore']> = {};
  if (typeof before.status === 'string') {
    const source = (before.statusSource as StatusSource | undefined) ?? current.statusSource;
    restore.status = {
      status: before.status as ModelStatus,
      source,
      // Events before statusSetBy was recorded: the origin's own name (a seed's default, config's pin).
      setBy:
        typeof before.statusSetBy === 'string'
          ? before.statusSetBy
          : source === 'default'
            ? 'seed'
            : source === 'config'
              ? 'config'
              : current.statusSetBy,
    };
  }
  const touchesOverrides = Object.keys(fields).length > 0;
  if (Array.isArray(before.overriddenFields))
    restore.overriddenFields = before.overriddenFields as OverridableField[];
  else if (touchesOverrides) restore.overriddenFields = current.overriddenFields;
  if ('priceSource' in before) restore.priceSource = (before.priceSource as string | null) ?? null;
  else if (Object.keys(fields).some((f) => PRICE_FIELDS.includes(f)))
    restore.priceSource = current.priceSource;
  if ('awaitingReviewSince' in before)
    restore.awaitingReviewSince = (before.awaitingReviewSince as string | null) ?? null;
  return {
    fields: fields as ChangeRequest['fields'],
    ...(typeof before.isDefault === 'boolean' ? { isDefault: before.isDefault } : {}),
    restore,
  };
}

/** "the bulk edit by admin:bea@example.com at 2026-05-01 12:00 UTC": how an undo's events name what they undid. */
function nameOf(event: ModelEvent): string {
  return `the bulk edit by ${event.actor} at ${event.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

export async function undoBulkEdit(
  db: Database,
  config: ModelDefaults,
  input: UndoBulk & { actor: string },
  now = new Date(),
): Promise<UndoResult> {
  return db.transaction(async (tx) => {
    const tagged = and(
      sql`${modelEvents.after}->>'bulkEdit' = ${input.bulkEdit}`,
      inArray(modelEvents.action, [...BULK_ACTIONS]),
    );
    const events = await tx.select().from(modelEvents).where(tagged).orderBy(modelEvents.id);
    const first = events[0];
    const last = events.at(-1);
    if (!first || !last) {
      throw new RegistryError(
        'refused',
        `No bulk edit has the id ${input.bulkEdit}, so there is nothing to undo; nothing was changed.`,
      );
    }
    // The edited models as a subquery over the edit's own events (read by id, between its first and last), never as
    // a list of ids: one statement binds at most 65,535 values, and an edit can change 100,000 models.
    const edited = tx
      .select({ pk: modelEvents.modelPk })
      .from(modelEvents)
      .where(and(between(modelEvents.id, first.id, last.id), tagged));
    // Locked first: a second undo running at the same time waits here, then sees the first one's events. Only the
    // columns the edit recorded are read, so that models it left alike are planned together (below).
    const recorded = (key: string) => events.some((e) => e.before !== null && key in e.before);
    // A price source travels with its prices (targetKeys reads it with them): an event may record the source alone.
    const fields = EDITABLE_FIELDS.filter(
      (field) => recorded(field) || (PRICE_FIELDS.includes(field) && recorded('priceSource')),
    );
    const rows = new Map(
      (await lockTargets(tx, inArray(models.id, edited), fields)).map((row) => [row.id, row]),
    );
    const [undone] = await tx
      .select({ id: modelEvents.id })
      .from(modelEvents)
      .where(
        and(
          gt(modelEvents.id, last.id),
          eq(modelEvents.action, 'undone'),
          sql`${modelEvents.after}->>'undoes' = ${input.bulkEdit}`,
        ),
      )
      .limit(1);
    if (undone) return { undone: 0, changedSince: [], pinned: [], alreadyUndone: true };

    // Every change to a model writes an event: one after this edit's means someone changed the model since.
    const later = await tx
      .select({ modelPk: modelEvents.modelPk, last: max(modelEvents.id) })
      .from(modelEvents)
      .where(and(gt(modelEvents.id, first.id), inArray(modelEvents.modelPk, edited)))
      .groupBy(modelEvents.modelPk);
    const lastEvent = new Map<number, number>();
    for (const e of later) if (e.modelPk !== null && e.last !== null) lastEvent.set(e.modelPk, e.last);

    const context = await changeContext(tx, config, now);
    const changedSince: string[] = [];
    const items = [];
    for (const event of events) {
      const row = event.modelPk === null ? undefined : rows.get(event.modelPk);
      if (!row || (lastEvent.get(row.id) ?? 0) > event.id) {
        changedSince.push(event.modelId);
        continue;
      }
      const request = restoreRequest(event.before ?? {}, row);
      // Being the default again must not take it from a model that became the default since: leave this one.
      const type = (request.fields?.type as string | undefined) ?? row.type;
      if (
        request.isDefault === true &&
        context.currentDefaults.some((d) => d.type === type && d.id !== row.id)
      ) {
        changedSince.push(event.modelId);
        continue;
      }
      items.push({ target: row, request });
    }
    // Models put back to the same values from the same state are planned once and written together, as the bulk
    // edit was (an undo of 70,000 status changes plans a handful): the same plan as model by model.
    const classes = classifyItems(items, new Set(context.pins.keys()));
    const plan = planChanges({
      items: classes.items,
      pins: context.pins,
      policy: 'skip',
      actor: input.actor,
      currentDefaults: context.currentDefaults,
    });
    await writeChanges(
      tx,
      plan.changes,
      input.actor,
      now,
      { undoes: input.bulkEdit, reason: `Undo of ${nameOf(first)}` },
      classes.members,
    );
    return {
      undone: plan.changes.reduce((n, c) => n + (classes.members.get(c.target.id)?.length ?? 1), 0),
      changedSince,
      pinned: plan.skipped.map((s) => s.modelId),
      alreadyUndone: false,
    };
  });
}
