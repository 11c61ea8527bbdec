// Bulk edits from the dashboard: for selected rows or for every model matching a filter. Status at least, and
// also "not the default", prices and type. Preview first (what changes, what is already so, which pinned models
// are skipped and why), then apply in ONE transaction with a constant number of statements whatever the count
// (lock-and-read, the pins, one UPDATE from a JSON recordset, one INSERT of the audit events), one event per
// changed model.
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { rowsOf } from '../../db/driver';
import { type ModelSource, type ModelStatus, models, type OverridableField } from '../../db/schema';
import { type EventRow, insertEvents } from './apply';
import { RegistryError } from './errors';
import { type BulkChanges, bulkChangesSchema } from './fields';
import { describePin } from './groups';
import { samePrice } from './model-edit';
import { registryPins } from './pins';
import { filterCondition, type ModelFilter } from './queries';
import type { ModelDefaults } from './types';

/** Largest explicit selection (the page shows at most 100 rows; more than this is not a real selection). */
export { type BulkChanges, bulkChangesSchema };

export const MAX_SELECTED_IDS = 500;

export type BulkTarget =
  | { kind: 'ids'; ids: number[] }
  | { kind: 'filter'; filter: Omit<ModelFilter, 'sort' | 'dir' | 'page' | 'perPage'> };

export type BulkPreview = {
  matched: number;
  willChange: number;
  alreadySo: number;
  pinned: { modelId: string; reason: string }[];
  /** A few of the ids that will change, for the dialog. */
  sample: string[];
};

export type BulkResult = { changed: number; alreadySo: number; pinnedSkipped: number };

type TargetRow = {
  id: number;
  provider: string;
  modelId: string;
  status: ModelStatus;
  statusSource: string;
  isDefault: boolean;
  inputPricePerMtok: string | null;
  outputPricePerMtok: string | null;
  type: string;
  source: ModelSource;
  overriddenFields: OverridableField[];
};

async function targetRows(tx: Executor, target: BulkTarget, lock: boolean): Promise<TargetRow[]> {
  let where: SQL | undefined;
  if (target.kind === 'ids') {
    if (target.ids.length === 0) throw new RegistryError('usage', 'Select at least one model.');
    if (target.ids.length > MAX_SELECTED_IDS) {
      throw new RegistryError(
        'usage',
        `A selection holds at most ${MAX_SELECTED_IDS} models; use "all matching the filter" instead.`,
      );
    }
    where = inArray(models.id, target.ids);
  } else {
    where = filterCondition(target.filter);
  }
  const query = tx
    .select({
      id: models.id,
      provider: models.provider,
      modelId: models.modelId,
      status: models.status,
      statusSource: models.statusSource,
      isDefault: models.isDefault,
      inputPricePerMtok: models.inputPricePerMtok,
      outputPricePerMtok: models.outputPricePerMtok,
      type: models.type,
      source: models.source,
      overriddenFields: models.overriddenFields,
    })
    .from(models)
    .where(where)
    .orderBy(models.id);
  return lock ? query.for('update') : query;
}

type Diff = { before: Record<string, unknown>; after: Record<string, unknown> };

/** The fields of `row` that `changes` would change, before → after. Empty when the row is already so. */
function diffOf(row: TargetRow, changes: BulkChanges): Diff {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const put = (field: string, from: unknown, to: unknown) => {
    before[field] = from;
    after[field] = to;
  };
  if (changes.status !== undefined && row.status !== changes.status)
    put('status', row.status, changes.status);
  if (changes.type !== undefined && row.type !== changes.type) {
    put('type', row.type, changes.type);
    // A default moved to another type stops being a default (the other type may have its own).
    if (row.isDefault) put('isDefault', true, false);
  }
  if (changes.clearDefault && row.isDefault) put('isDefault', true, false);
  for (const field of ['inputPricePerMtok', 'outputPricePerMtok'] as const) {
    const next = changes[field];
    if (next !== undefined && !samePrice(row[field], next)) put(field, row[field], next);
  }
  return { before, after };
}

function partition(rows: TargetRow[], changes: BulkChanges, pins: Awaited<ReturnType<typeof registryPins>>) {
  const pinned: BulkPreview['pinned'] = [];
  const change: { row: TargetRow; diff: Diff }[] = [];
  let alreadySo = 0;
  for (const row of rows) {
    const diff = diffOf(row, changes);
    const pin = pins.pins.get(row.modelId);
    if (Object.keys(diff.after).length === 0) alreadySo++;
    // A pinned model's status belongs to config: an edit that would change it skips the whole model.
    else if (pin && 'status' in diff.after) pinned.push({ modelId: row.modelId, reason: describePin(pin) });
    else change.push({ row, diff });
  }
  return { change, alreadySo, pinned };
}

export async function previewBulkEdit(
  db: Database,
  config: ModelDefaults,
  target: BulkTarget,
  changes: BulkChanges,
  now = new Date(),
): Promise<BulkPreview> {
  const rows = await targetRows(db, target, false);
  const { change, alreadySo, pinned } = partition(rows, changes, await registryPins(db, config, now));
  return {
    matched: rows.length,
    willChange: change.length,
    alreadySo,
    pinned,
    sample: change.slice(0, 8).map((c) => c.row.modelId),
  };
}

export async function applyBulkEdit(
  db: Database,
  config: ModelDefaults,
  input: { target: BulkTarget; changes: BulkChanges; actor: string },
  now = new Date(),
): Promise<BulkResult> {
  return db.transaction(async (tx) => {
    const rows = await targetRows(tx, input.target, true);
    const { change, alreadySo, pinned } = partition(rows, input.changes, await registryPins(tx, config, now));
    if (change.length === 0) return { changed: 0, alreadySo, pinnedSkipped: pinned.length };

    const at = now.toISOString();
    const values = change.map(({ row, diff }) => {
      const next = { ...row, ...diff.after } as TargetRow;
      const overridden = new Set(row.overriddenFields);
      // A provider model's type set by hand is an override: the next seed keeps it.
      if ('type' in diff.after && row.source === 'provider') overridden.add('type');
      return {
        id: row.id,
        status: next.status,
        status_changed: 'status' in diff.after,
        is_default: next.isDefault,
        input_price: next.inputPricePerMtok,
        output_price: next.outputPricePerMtok,
        type: next.type,
        overridden_fields: [...overridden].sort(),
      };
    });
    const updated = rowsOf<{ id: number }>(
      await tx.execute(sql`
        update models m set
          status = r.status,
          status_source = case when r.status_changed then 'admin' else m.status_source end,
          status_set_by = case when r.status_changed then ${input.actor} else m.status_set_by end,
          status_set_at = case when r.status_changed then ${at}::timestamptz else m.status_set_at end,
          is_default = r.is_default, input_price_per_mtok = r.input_price, output_price_per_mtok = r.output_price,
          type = r.type, overridden_fields = r.overridden_fields,
          version = m.version + 1, updated_at = ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(id int, status text, status_changed boolean,
          is_default boolean, input_price numeric, output_price numeric, type text, overridden_fields text[])
        where m.id = r.id
        returning m.id`),
    );
    if (updated.length !== change.length) {
      throw new RegistryError(
        'conflict',
        'Some models changed while the edit ran; nothing was written. Try again.',
      );
    }

    const events: EventRow[] = change.map(({ row, diff }) => {
      const statusOnly = Object.keys(diff.after).length === 1 && 'status' in diff.after;
      const sourceBefore = 'status' in diff.after ? { statusSource: row.statusSource } : {};
      const sourceAfter = 'status' in diff.after ? { statusSource: 'admin' } : {};
      return {
        model_pk: row.id,
        provider: row.provider,
        model_id: row.modelId,
        actor: input.actor,
        action: statusOnly ? 'status_changed' : 'updated',
        before: { ...diff.before, ...sourceBefore },
        after: { ...diff.after, ...sourceAfter },
        seed_run_id: null,
      };
    });
    await insertEvents(tx, events);
    return { changed: change.length, alreadySo, pinnedSkipped: pinned.length };
  });
}

/** The toggle's and the status-only dialog's shorthand. */
export const applyBulkStatus = (
  db: Database,
  config: ModelDefaults,
  input: { target: BulkTarget; status: ModelStatus; actor: string },
  now?: Date,
) =>
  applyBulkEdit(
    db,
    config,
    { target: input.target, changes: { status: input.status }, actor: input.actor },
    now,
  );
