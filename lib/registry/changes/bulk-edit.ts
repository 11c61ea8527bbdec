// Bulk edits from the dashboard, for selected rows or for every model matching a filter: status, "not the
// default", prices, type and "mark reviewed". This adapter chooses the targets and the `skip` policy (a pinned status is not applied
// and is reported; the rest of the change applies); the change pipeline (changes/) plans and writes — a preview is
// the same plan, not written. A constant number of statements whatever the count, one audit event per changed model,
// each tagged with the apply's id so the whole edit can be undone (undo.ts).
import { randomUUID } from 'node:crypto';
import { inArray, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client';
import { type EditableField, models } from '../../../db/schema';
import { RegistryError } from '../errors';
import { lockModelsTable } from '../locks';
import { type BulkChanges, bulkChangesSchema } from '../model/fields';
import { filterCondition, type ModelWriteFilter, usableSetOf } from '../reads/models-page';
import type { ModelDefaults } from '../types';
import { type ChangeRequest, planChanges } from './plan';
import { changeContext, readClasses, writeChanges } from './write';

export { type BulkChanges, bulkChangesSchema };

/** Largest explicit selection (the page shows at most 100 rows; more than this is not a real selection). */
export const MAX_SELECTED_IDS = 500;

export type BulkTarget = { kind: 'ids'; ids: number[] } | { kind: 'filter'; filter: ModelWriteFilter };

/** How many of the models that will change a preview names (the dialog says "and N more" for the rest). */
const PREVIEW_LISTED = 20;

export type BulkPreview = {
  matched: number;
  willChange: number;
  alreadySo: number;
  pinned: { modelId: string; reason: string }[];
  /** The first PREVIEW_LISTED models that will change, in id order, as the dialog lists them. */
  changing: { id: number; provider: string; modelId: string; displayName: string }[];
};

export type BulkResult = {
  changed: number;
  alreadySo: number;
  pinnedSkipped: number;
  /** The apply's id, on every event it wrote (undo.ts undoes it by this id); null when nothing changed. */
  bulkEdit: string | null;
};

/** The targets' WHERE clause; a filter's `access` is resolved in the caller's transaction, like the rows. */
async function targetWhere(tx: Executor, target: BulkTarget): Promise<SQL | undefined> {
  if (target.kind === 'filter') {
    return filterCondition(target.filter, new Date(), await usableSetOf(tx, target.filter));
  }
  if (target.ids.length === 0) throw new RegistryError('usage', 'Select at least one model.');
  if (target.ids.length > MAX_SELECTED_IDS) {
    throw new RegistryError(
      'usage',
      `A selection holds at most ${MAX_SELECTED_IDS} models; use "all matching the filter" instead.`,
    );
  }
  return inArray(models.id, target.ids);
}

function bulkRequest(changes: BulkChanges): ChangeRequest {
  const fields: ChangeRequest['fields'] = {};
  if (changes.type !== undefined) fields.type = changes.type;
  if (changes.inputPricePerMtok !== undefined) fields.inputPricePerMtok = changes.inputPricePerMtok;
  if (changes.outputPricePerMtok !== undefined) fields.outputPricePerMtok = changes.outputPricePerMtok;
  return {
    status: changes.status,
    fields,
    isDefault: changes.clearDefault ? false : undefined,
    reviewed: changes.reviewed,
  };
}

/**
 * The plan of a bulk edit, by class: models alike are planned once (a status edit of 100,000 models plans a
 * handful of classes; readClasses) — the same plan as model by model. The table is held when it will be
 * written (lockModelsTable), taken before anything is read.
 */
async function planBulk(
  tx: Executor,
  config: ModelDefaults,
  target: BulkTarget,
  changes: BulkChanges,
  actor: string,
  now: Date,
  lock: boolean,
) {
  const request = bulkRequest(changes);
  const fields = Object.keys(request.fields ?? {}) as EditableField[];
  if (lock) await lockModelsTable(tx);
  const context = await changeContext(tx, config, now);
  const classes = await readClasses(tx, await targetWhere(tx, target), fields, new Set(context.pins.keys()));
  const plan = planChanges({
    items: classes.map(({ target }) => ({ target, request })),
    pins: context.pins,
    policy: 'skip',
    actor,
    currentDefaults: context.currentDefaults,
  });
  const members = new Map(classes.map((c) => [c.target.id, c.members]));
  const membersOf = (targets: readonly { id: number }[]) =>
    targets.flatMap((t) => members.get(t.id) ?? [t.id]);
  const count = (targets: readonly { id: number }[]) =>
    targets.reduce((n, t) => n + (members.get(t.id)?.length ?? 1), 0);
  const matched = classes.reduce((n, c) => n + c.members.length, 0);
  return { plan, members, membersOf, count, matched };
}

export async function previewBulkEdit(
  db: Database,
  config: ModelDefaults,
  target: BulkTarget,
  changes: BulkChanges,
  now = new Date(),
): Promise<BulkPreview> {
  const { plan, membersOf, count, matched } = await planBulk(
    db,
    config,
    target,
    changes,
    'preview',
    now,
    false,
  );
  const listed = membersOf(plan.changes.map((c) => c.target))
    .sort((a, b) => a - b)
    .slice(0, PREVIEW_LISTED);
  const changing =
    listed.length === 0
      ? []
      : await db
          .select({
            id: models.id,
            provider: models.provider,
            modelId: models.modelId,
            displayName: models.displayName,
          })
          .from(models)
          .where(inArray(models.id, listed))
          .orderBy(models.id);
  const willChange = count(plan.changes.map((c) => c.target));
  const alreadySo = count(plan.alreadySo);
  return {
    matched,
    willChange,
    alreadySo,
    pinned: plan.skipped.map(({ modelId, reason }) => ({ modelId, reason })),
    changing: changing.map((m) => ({ ...m, displayName: m.displayName ?? m.modelId })),
  };
}

export async function applyBulkEdit(
  db: Database,
  config: ModelDefaults,
  input: { target: BulkTarget; changes: BulkChanges; actor: string },
  now = new Date(),
): Promise<BulkResult> {
  return db.transaction(async (tx) => {
    const { plan, members, count } = await planBulk(
      tx,
      config,
      input.target,
      input.changes,
      input.actor,
      now,
      true,
    );
    const changed = count(plan.changes.map((c) => c.target));
    const bulkEdit = changed > 0 ? randomUUID() : null;
    await writeChanges(tx, plan.changes, input.actor, now, bulkEdit ? { bulkEdit } : {}, members);
    return {
      changed,
      alreadySo: count(plan.alreadySo),
      pinnedSkipped: plan.skipped.length,
      bulkEdit,
    };
  });
}
