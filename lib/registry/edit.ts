// Status edits by people (CLI now, the dashboard's single and bulk edits later): one rule set, one transaction,
// one statement for the rows and their audit events together, whatever the count.
import { inArray, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { rowsOf } from '../../db/driver';
import { type ModelStatus, models } from '../../db/schema';
import { RegistryError } from './errors';
import { describePin } from './groups';
import { registryPins } from './pins';
import type { ModelDefaults } from './types';

/** Largest selection one edit accepts; larger ones are refused before touching the database. */
export const MAX_EDIT_IDS = 20_000;

export type StatusEditInput = {
  modelIds: string[];
  status: ModelStatus;
  /** `admin:<email>`, `cli` or `cli:<name>`: recorded as status_set_by and as the audit actor. */
  actor: string;
  /** Restrict to one provider; needed when an id exists under several. */
  provider?: string;
};

export type StatusEditResult = {
  changed: { provider: string; modelId: string; from: ModelStatus; to: ModelStatus }[];
  /** Ids that already had the requested status: nothing written for them. */
  alreadySo: string[];
};

export type RefusedId = { modelId: string; reason: string };

/**
 * Sets the status of every named model, or of none: an unknown, ambiguous or config-pinned id refuses the whole
 * edit (RegistryError 'refused', listing each id and why), so a typo never half-applies.
 */
export async function setModelStatus(
  db: Database,
  config: ModelDefaults,
  input: StatusEditInput,
  now: Date = new Date(),
): Promise<StatusEditResult> {
  const ids = [...new Set(input.modelIds)];
  if (ids.length === 0) throw new RegistryError('usage', 'Name at least one model id.');
  if (ids.length > MAX_EDIT_IDS) {
    throw new RegistryError('usage', `One edit takes at most ${MAX_EDIT_IDS} ids; ${ids.length} were given.`);
  }
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: models.id, provider: models.provider, modelId: models.modelId, status: models.status })
      .from(models)
      .where(inArray(models.modelId, ids))
      .for('update');
    const matching = input.provider ? rows.filter((row) => row.provider === input.provider) : rows;
    const pins = await registryPins(tx, config, now);

    const refused: RefusedId[] = [];
    const byId = new Map<string, typeof matching>();
    for (const row of matching) byId.set(row.modelId, [...(byId.get(row.modelId) ?? []), row]);
    for (const id of ids) {
      const found = byId.get(id) ?? [];
      if (found.length === 0) {
        refused.push({
          modelId: id,
          reason: `no model with this id${input.provider ? ` under ${input.provider}` : ''}`,
        });
      } else if (found.length > 1) {
        refused.push({
          modelId: id,
          reason: `ambiguous: listed by ${found.map((r) => r.provider).join(' and ')}; name one with --provider`,
        });
      } else {
        const pin = pins.pins.get(id);
        if (pin && pin.status !== input.status) {
          refused.push({ modelId: id, reason: `${describePin(pin)}; change config, not the model` });
        }
      }
    }
    if (refused.length > 0) {
      throw new RefusedEditError(refused);
    }

    const targets = matching.filter((row) => row.status !== input.status);
    const alreadySo = matching.filter((row) => row.status === input.status).map((row) => row.modelId);
    if (targets.length === 0) return { changed: [], alreadySo };

    const changed = await writeStatusChanges(
      tx,
      targets.map((t) => t.id),
      input.status,
      input.actor,
      now,
    );
    return {
      changed: changed.map((row) => ({
        provider: row.provider,
        modelId: row.model_id,
        from: row.before_status,
        to: input.status,
      })),
      alreadySo,
    };
  });
}

/**
 * Sets `status` on the given rows and writes one audit event per row, in ONE statement whatever the count
 * (the rows and their events in one CTE). Rows must already be known to need the change.
 */
export async function writeStatusChanges(
  tx: Executor,
  ids: number[],
  status: ModelStatus,
  actor: string,
  now: Date,
): Promise<{ provider: string; model_id: string; before_status: ModelStatus }[]> {
  if (ids.length === 0) return [];
  const at = now.toISOString();
  return rowsOf<{ provider: string; model_id: string; before_status: ModelStatus }>(
    await tx.execute(sql`
      with changed as (
        update models m set status = ${status}, status_source = 'admin', status_set_by = ${actor},
          status_set_at = ${at}::timestamptz, version = m.version + 1, updated_at = ${at}::timestamptz
        from models old
        where old.id = m.id
          and m.id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int)
        returning m.id, m.provider, m.model_id, old.status as before_status, old.status_source as before_source
      ), events as (
        insert into model_events (model_pk, provider, model_id, actor, action, before, after, created_at)
        select c.id, c.provider, c.model_id, ${actor}, 'status_changed',
          jsonb_build_object('status', c.before_status, 'statusSource', c.before_source),
          jsonb_build_object('status', ${status}::text, 'statusSource', 'admin'),
          ${at}::timestamptz
        from changed c
      )
      select provider, model_id, before_status from changed order by model_id`),
  );
}

export class RefusedEditError extends RegistryError {
  readonly refused: RefusedId[];
  constructor(refused: RefusedId[]) {
    super(
      'refused',
      `Nothing was changed: ${refused.length} id(s) cannot be edited:\n${refused.map((r) => `  - ${r.modelId}: ${r.reason}`).join('\n')}`,
    );
    this.refused = refused;
  }
}
