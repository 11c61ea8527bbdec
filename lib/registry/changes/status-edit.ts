// `models:edit`: status edits from a shell. This adapter chooses the targets (every named id must name one model)
// and the `refuse` policy; the change pipeline (changes/) plans and writes, one audit event per changed model.
import { inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { type ModelStatus, models } from '../../../db/schema';
import { RegistryError } from '../errors';
import type { ModelDefaults } from '../types';
import { planChanges } from './plan';
import { changeContext, lockTargets, writeChanges } from './write';

/** Largest selection one edit accepts; larger ones are refused before touching the database. */
const MAX_EDIT_IDS = 20_000;

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
    const rows = await lockTargets(tx, inArray(models.modelId, ids));
    const matching = input.provider ? rows.filter((row) => row.provider === input.provider) : rows;

    // Choosing the targets is this adapter's part: every named id must name exactly one model.
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
      }
    }
    const context = await changeContext(tx, config, now);
    const plan = planChanges({
      items: matching.map((target) => ({ target, request: { status: input.status } })),
      pins: context.pins,
      policy: 'refuse',
      actor: input.actor,
      currentDefaults: context.currentDefaults,
    });
    for (const r of plan.refused)
      refused.push({ modelId: r.modelId, reason: `${r.reason}; change config, not the model` });
    if (refused.length > 0) throw new RefusedEditError(refused);

    await writeChanges(tx, plan.changes, input.actor, now);
    return {
      changed: plan.changes
        .map((c) => ({
          provider: c.target.provider,
          modelId: c.target.modelId,
          from: c.target.status,
          to: c.next.status,
        }))
        .sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0)),
      alreadySo: plan.alreadySo.map((row) => row.modelId),
    };
  });
}

class RefusedEditError extends RegistryError {
  readonly refused: RefusedId[];
  constructor(refused: RefusedId[]) {
    super(
      'refused',
      `Nothing was changed: ${refused.length} id(s) cannot be edited:\n${refused.map((r) => `  - ${r.modelId}: ${r.reason}`).join('\n')}`,
    );
    this.refused = refused;
  }
}
