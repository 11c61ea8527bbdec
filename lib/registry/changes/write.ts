// The one writer of planned changes: inside the caller's transaction, a constant number of batched statements
// whatever the count (at most: clear the defaults that move, one UPDATE from a recordset, one INSERT of the audit
// events), one typed audit event per changed model.
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { rowsOf } from '../../../db/driver';
import { isUniqueViolation } from '../../../db/errors';
import { recordset } from '../../../db/recordset';
import { EDITABLE_FIELDS, type Model, models, ONE_DEFAULT_PER_TYPE_INDEX } from '../../../db/schema';
import { type AuditEvent, insertEvents } from '../audit';
import { RegistryError } from '../errors';
import { type PinResolution, registryPins } from '../pins';
import type { ModelDefaults } from '../types';
import type { PlanChangesInput, PlannedChange } from './plan';

/** What a change needs besides its targets, read in the caller's transaction. */
export type ChangeContext = Pick<PlanChangesInput, 'pins' | 'currentDefaults'> & {
  resolution: PinResolution;
};

/** Reads (and locks) the targets a `where` selects, ordered by id so concurrent writers lock in one order. */
export async function lockTargets(tx: Executor, where: SQL | undefined): Promise<Model[]> {
  return tx.select().from(models).where(where).orderBy(models.id).for('update');
}

export async function changeContext(tx: Executor, config: ModelDefaults, now: Date): Promise<ChangeContext> {
  const [resolution, currentDefaults] = await Promise.all([
    registryPins(tx, config, now),
    tx.select().from(models).where(eq(models.isDefault, true)),
  ]);
  return { resolution, pins: resolution.pins, currentDefaults };
}

const WRITTEN = [
  ...EDITABLE_FIELDS,
  'status',
  'statusSource',
  'statusSetBy',
  'statusSetAt',
  'isDefault',
  'overriddenFields',
] as const;

/** The audit event of one planned change: a status-only change is `status_changed`, anything else `updated`. */
function eventOf(change: PlannedChange, actor: string): AuditEvent {
  const base = {
    modelPk: change.target.id,
    provider: change.target.provider,
    modelId: change.target.modelId,
    actor,
  };
  const statusOnly = change.statusChanged && change.changed.length === 1;
  if (statusOnly) {
    return {
      ...base,
      action: 'status_changed',
      before: { status: change.target.status, statusSource: change.target.statusSource },
      after: { status: change.next.status, statusSource: change.next.statusSource },
    };
  }
  return { ...base, action: 'updated', before: change.before, after: change.after };
}

export async function writeChanges(
  tx: Executor,
  changes: readonly PlannedChange[],
  actor: string,
  now: Date,
): Promise<void> {
  if (changes.length === 0) return;
  const at = now.toISOString();
  // The unique "one default per type" index is checked row by row: free the defaults that move first.
  const losing = changes.filter((c) => c.target.isDefault && !c.next.isDefault).map((c) => c.target.id);
  const gaining = changes.some((c) => c.next.isDefault && !c.target.isDefault);
  if (gaining && losing.length > 0)
    await tx.update(models).set({ isDefault: false }).where(inArray(models.id, losing));

  const r = recordset(
    models,
    ['id', 'version', ...WRITTEN],
    changes.map((c) => ({
      id: c.target.id,
      version: c.target.version,
      ...c.next,
      statusSetAt: c.statusChanged ? at : c.target.statusSetAt.toISOString(),
    })),
  );
  let updated: { id: number }[];
  try {
    updated = rowsOf<{ id: number }>(
      await tx.execute(sql`
        update models m set ${r.assign(WRITTEN)}, version = m.version + 1, updated_at = ${at}::timestamptz
        from ${r.from}
        where m.id = ${r.col('id')} and m.version = ${r.col('version')}
        returning m.id`),
    );
  } catch (error) {
    // Another transaction made a different model the default of this type after we read the defaults.
    if (isUniqueViolation(error, ONE_DEFAULT_PER_TYPE_INDEX)) {
      throw new RegistryError(
        'conflict',
        'Another model became the default of this type while this edit ran; nothing was written. Reload and try again.',
        { cause: error },
      );
    }
    throw error;
  }
  if (updated.length !== changes.length) {
    throw new RegistryError(
      'conflict',
      'Some models changed while this edit ran; nothing was written. Reload and try again.',
    );
  }
  await insertEvents(
    tx,
    changes.map((c) => eventOf(c, actor)),
  );
}
