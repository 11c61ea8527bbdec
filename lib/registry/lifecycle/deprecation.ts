// Deprecation, said early: the one rule for "is this model's deprecation worth flagging", read by the dashboard,
// models:doctor, the consumer API's headers and (later) notifications.
//
// DEPRECATION_WARNING_DAYS (default 30, a whole number 0..3650): a model whose deprecation date lies within that
// many days from now is `upcoming`; one whose date has come is `past`; anything else (no date, or a date further
// out) is `none`: nothing to flag yet.
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client';
import { models } from '../../../db/schema';
import { staleVersionError } from '../changes/model-edit';
import { planChanges } from '../changes/plan';
import { changeContext, lockTargets, writeChanges } from '../changes/write';
import { RegistryError } from '../errors';
import { qualifiedModelId } from '../model/qualified-id';
import type { Env, ModelDefaults } from '../types';

const DEFAULT_DEPRECATION_WARNING_DAYS = 30;
const MAX_DEPRECATION_WARNING_DAYS = 3650;
const DAY_MS = 86_400_000;

/** DEPRECATION_WARNING_DAYS, validated: a bad value is a config error naming the variable (the server refuses it). */
export function deprecationWarningDays(env: Env): number {
  const raw = env.DEPRECATION_WARNING_DAYS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_DEPRECATION_WARNING_DAYS;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days > MAX_DEPRECATION_WARNING_DAYS) {
    throw new RegistryError(
      'config',
      `DEPRECATION_WARNING_DAYS must be a whole number of days from 0 to ${MAX_DEPRECATION_WARNING_DAYS}, got "${raw.slice(0, 40)}". Fix it or unset it (default ${DEFAULT_DEPRECATION_WARNING_DAYS}).`,
    );
  }
  return days;
}

export type DeprecationState = 'none' | 'upcoming' | 'past';

/** `past` once the date has come; `upcoming` within `days` of it; else `none`. */
export function deprecationState(deprecation: Date | null, now: Date, days: number): DeprecationState {
  if (!deprecation || Number.isNaN(deprecation.getTime())) return 'none';
  const left = deprecation.getTime() - now.getTime();
  if (left <= 0) return 'past';
  return left <= days * DAY_MS ? 'upcoming' : 'none';
}

export type FlaggedDeprecation = {
  provider: string;
  modelId: string;
  /** The consumer API id (model/qualified-id.ts). */
  apiId: string;
  deprecation: Date;
  /** The provider's replacement, as its API id; null when none is named. */
  replacement: string | null;
  state: 'upcoming' | 'past';
  isDefault: boolean;
};

/**
 * The offered models (active, not retired) whose deprecation is upcoming or past: what doctor warns about and
 * notifications announce. Sorted by date, then id.
 */
export async function flaggedDeprecations(
  db: Executor,
  now: Date,
  days: number,
): Promise<FlaggedDeprecation[]> {
  const rows = await db
    .select({
      provider: models.provider,
      modelId: models.modelId,
      deprecation: models.deprecation,
      replacement: models.deprecationReplacement,
      isDefault: models.isDefault,
    })
    .from(models)
    .where(and(eq(models.status, 'active'), isNull(models.retiredAt), isNotNull(models.deprecation)));
  const flagged: FlaggedDeprecation[] = [];
  for (const row of rows) {
    const state = deprecationState(row.deprecation, now, days);
    if (state === 'none' || !row.deprecation) continue;
    flagged.push({
      provider: row.provider,
      modelId: row.modelId,
      apiId: qualifiedModelId(row.provider, row.modelId),
      deprecation: row.deprecation,
      replacement: row.replacement === null ? null : qualifiedModelId(row.provider, row.replacement),
      state,
      isDefault: row.isDefault,
    });
  }
  return flagged.sort(
    (a, b) => a.deprecation.getTime() - b.deprecation.getTime() || (a.apiId < b.apiId ? -1 : 1),
  );
}

/**
 * The defaults the dashboard offers to move: row id of a deprecated default → the model id of its replacement,
 * when that replacement is offered (active, not retired), of the same provider and the same type.
 */
export async function defaultReplacementOffers(db: Executor): Promise<Map<number, string>> {
  const defaults = await db
    .select()
    .from(models)
    .where(
      and(
        eq(models.isDefault, true),
        isNotNull(models.deprecation),
        isNotNull(models.deprecationReplacement),
      ),
    );
  const offers = new Map<number, string>();
  if (defaults.length === 0) return offers;
  const candidates = await db
    .select()
    .from(models)
    .where(
      and(
        inArray(
          models.modelId,
          defaults.map((d) => d.deprecationReplacement as string),
        ),
        eq(models.status, 'active'),
        isNull(models.retiredAt),
      ),
    );
  for (const d of defaults) {
    const replacement = candidates.find(
      (c) => c.provider === d.provider && c.modelId === d.deprecationReplacement && c.type === d.type,
    );
    if (replacement) offers.set(d.id, replacement.modelId);
  }
  return offers;
}

/**
 * "Make <replacement> the default": the deprecated default `id` hands its type's default to its replacement,
 * through the change pipeline (one audit event per changed model). Refused, changing nothing, when the model is
 * not the default any more, names no replacement, or the replacement is not offered or of another type.
 */
export async function moveDefaultToReplacement(
  db: Database,
  config: ModelDefaults,
  input: { id: number; version: number },
  actor: string,
  now: Date = new Date(),
): Promise<{ from: string; to: string; type: string }> {
  return db.transaction(async (tx) => {
    const [row] = await lockTargets(tx, eq(models.id, input.id));
    if (!row) throw new RegistryError('refused', 'This model no longer exists. Reload the page.');
    if (row.version !== input.version) throw await staleVersionError(tx, row, 'changed');
    const name = qualifiedModelId(row.provider, row.modelId);
    if (!row.isDefault)
      throw new RegistryError(
        'refused',
        `${name} is no longer the default ${row.type} model. Reload the page.`,
      );
    if (!row.deprecation || !row.deprecationReplacement)
      throw new RegistryError(
        'refused',
        `${name} names no replacement: choose the new default in its edit dialog.`,
      );
    const replacementName = qualifiedModelId(row.provider, row.deprecationReplacement);
    const [replacement] = await lockTargets(
      tx,
      and(eq(models.provider, row.provider), eq(models.modelId, row.deprecationReplacement)),
    );
    if (replacement?.status !== 'active' || replacement.retiredAt !== null) {
      const why = !replacement ? 'not in the registry' : replacement.retiredAt ? 'retired' : 'inactive';
      throw new RegistryError(
        'refused',
        `${replacementName}, the replacement of ${name}, is not offered (${why}): it cannot become the default. Nothing was changed.`,
      );
    }
    if (replacement.type !== row.type)
      throw new RegistryError(
        'refused',
        `${replacementName} is a ${replacement.type} model, not ${row.type}: it cannot take ${name}'s place as the default. Nothing was changed.`,
      );
    const context = await changeContext(tx, config, now);
    const plan = planChanges({
      items: [{ target: replacement, request: { isDefault: true } }],
      pins: context.pins,
      policy: 'refuse',
      actor,
      currentDefaults: context.currentDefaults,
    });
    const refusal = plan.refused[0];
    if (refusal)
      throw new RegistryError('refused', `${replacementName}: ${refusal.reason}. Nothing was changed.`);
    await writeChanges(tx, plan.changes, actor, now);
    return { from: name, to: replacementName, type: row.type };
  });
}
