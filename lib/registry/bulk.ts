// Bulk status edits from the dashboard: for selected rows or for every model matching a filter. Preview
// first (what changes, what is already so, which pinned models are skipped and why), then apply in ONE
// transaction with a constant number of statements, one audit event per changed model.
import { inArray, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { type ModelStatus, models } from '../../db/schema';
import { writeStatusChanges } from './edit';
import { RegistryError } from './errors';
import { describePin } from './groups';
import { registryPins } from './pins';
import { filterCondition, type ModelFilter } from './queries';
import type { ModelDefaults } from './types';

/** Largest explicit selection (the page shows at most 100 rows; more than this is not a real selection). */
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

type TargetRow = { id: number; modelId: string; status: ModelStatus };

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
    .select({ id: models.id, modelId: models.modelId, status: models.status })
    .from(models)
    .where(where);
  return lock ? query.for('update') : query;
}

function partition(rows: TargetRow[], status: ModelStatus, pins: Awaited<ReturnType<typeof registryPins>>) {
  const pinned: BulkPreview['pinned'] = [];
  const change: TargetRow[] = [];
  let alreadySo = 0;
  for (const row of rows) {
    const pin = pins.pins.get(row.modelId);
    if (row.status === status) alreadySo++;
    else if (pin) pinned.push({ modelId: row.modelId, reason: describePin(pin) });
    else change.push(row);
  }
  return { change, alreadySo, pinned };
}

export async function previewBulkStatus(
  db: Database,
  config: ModelDefaults,
  target: BulkTarget,
  status: ModelStatus,
  now = new Date(),
): Promise<BulkPreview> {
  const rows = await targetRows(db, target, false);
  const { change, alreadySo, pinned } = partition(rows, status, await registryPins(db, config, now));
  return {
    matched: rows.length,
    willChange: change.length,
    alreadySo,
    pinned,
    sample: change.slice(0, 8).map((r) => r.modelId),
  };
}

export async function applyBulkStatus(
  db: Database,
  config: ModelDefaults,
  input: { target: BulkTarget; status: ModelStatus; actor: string },
  now = new Date(),
): Promise<{ changed: number; alreadySo: number; pinnedSkipped: number }> {
  return db.transaction(async (tx) => {
    const rows = await targetRows(tx, input.target, true);
    const { change, alreadySo, pinned } = partition(rows, input.status, await registryPins(tx, config, now));
    const changed = await writeStatusChanges(
      tx,
      change.map((r) => r.id),
      input.status,
      input.actor,
      now,
    );
    return { changed: changed.length, alreadySo, pinnedSkipped: pinned.length };
  });
}
