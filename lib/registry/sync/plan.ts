// Seed planning: a pure function from (registry rows, provider catalog, config, now) to what a seed would do.
// `--dry-run` prints this plan; applying writes exactly this plan (apply.ts).
import {
  type Model,
  type ModelStatus,
  OVERRIDABLE_FIELDS,
  type OverridableField,
  type ProviderValues,
  type StatusSource,
  type StoredProviderValues,
} from '../../../db/schema';
import { type PinCandidate, pinKey, resolvePins } from '../config/pins';
import { queuesForReview } from '../config/review';
import { newModelStatus, resolveStatus, type StatusDecision } from '../config/status';
import { RegistryError } from '../errors';
import { type AliasMove, aliasMoves, aliasTargets } from '../lifecycle/alias-drift';
import { deriveDisplayName, distinctDisplayNames } from '../model/display-name';
import { sameValue } from '../model/fields';
import {
  type PricedRow,
  type PriceField,
  refreshPrice,
  type SourcedPrice,
  seedPrice,
  storedPrice,
} from '../model/prices';
import type { ModelDefaults, ProviderCard } from '../types';

/** The registry row fields the planner reads. */
export type ExistingModel = Pick<
  Model,
  | 'id'
  | 'provider'
  | 'modelId'
  | 'displayName'
  | 'description'
  | 'type'
  | 'capabilities'
  | 'contextLength'
  | 'aliases'
  | 'groupName'
  | 'deprecation'
  | 'deprecationReplacement'
  | 'status'
  | 'statusSource'
  | 'statusSetBy'
  | 'retiredAt'
  | 'source'
  | 'overriddenFields'
  | 'providerValues'
  | 'version'
> &
  PricedRow;

export type FieldChange = {
  field: OverridableField | 'groupName' | PriceField;
  before: unknown;
  after: unknown;
  /** 'value': the live column changes. 'provider': only the kept provider value changes (an admin overrode it). */
  scope: 'value' | 'provider';
};

export type PlannedAdd = {
  modelId: string;
  values: ProviderValues;
  groupName: string;
  status: StatusDecision;
  /**
   * It waits for an admin to look at it (config/review.ts): its status is the default for new models, and this is not the
   * provider's first sync (the starting point, whose models are not news).
   */
  awaitingReview: boolean;
  /** The provider's or the catalog's price (model/prices.ts), or unknown. */
  price: SourcedPrice;
};

export type PlannedUpdate = {
  pk: number;
  modelId: string;
  version: number;
  /** The live values after the seed (overridden fields keep the admin's value). */
  values: ProviderValues;
  groupName: string;
  providerValues: StoredProviderValues;
  /** The live price after the seed (an admin's stays). */
  price: SourcedPrice;
  overriddenFields: OverridableField[];
  fieldChanges: FieldChange[];
  status: { before: { status: ModelStatus; source: StatusSource }; after: StatusDecision } | null;
  restore: boolean;
  /** A manual model the provider now lists: it becomes a provider model; what the admin typed stays, as overrides. */
  adopt: boolean;
  /** Anything but the status value and retirement changes (counted as "updated"). */
  metadataChanged: boolean;
};

export type PlannedRetirement = { pk: number; modelId: string; version: number };

/** An alias the seed points at another dated model (lifecycle/alias-drift.ts); `pk` is the alias's row. */
export type PlannedAliasMove = AliasMove & { pk: number };

export type SeedCounts = {
  added: number;
  updated: number;
  statusChanged: number;
  retired: number;
  restored: number;
  unchanged: number;
};

export type SeedPlan = {
  provider: string;
  /** The registry held none of this provider's listed models: the starting point, which queues nothing for review. */
  firstSync: boolean;
  adds: PlannedAdd[];
  updates: PlannedUpdate[];
  retirements: PlannedRetirement[];
  /** Aliases that serve another dated model after the seed: clients sending them silently get a different model. */
  aliasMoves: PlannedAliasMove[];
  unchanged: string[];
  counts: SeedCounts;
  warnings: string[];
};

export type PlanInput = {
  provider: string;
  cards: ProviderCard[];
  /** Every row of this provider, retired and manual ones included. */
  existing: ExistingModel[];
  config: ModelDefaults;
  now: Date;
  allowMassRetire?: boolean;
  /**
   * The other providers' listed models, as context for the config's entries: an entry that matches only another
   * provider's models is not "matching nothing". Their conflicts and deprecations are their own seeds' concern.
   */
  others?: PinCandidate[];
  /** The price catalog (lifecycle/price-catalog.ts), asked about cards whose provider gives no price; absent: none. */
  priceCatalog?: (provider: string, card: ProviderCard, now: Date) => SourcedPrice | null;
};

/** A card's values as the registry keeps them; `displayName` is its name among its provider's (distinctDisplayNames). */
export function providerValuesOf(card: ProviderCard, displayName?: string): ProviderValues {
  return {
    displayName: displayName ?? (card.displayName || deriveDisplayName(card.modelId)),
    description: card.description,
    type: card.type,
    capabilities: [...card.capabilities],
    contextLength: card.contextLength,
    aliases: [...card.aliases],
    deprecation: card.deprecation ? new Date(card.deprecation).toISOString() : null,
    deprecationReplacement: card.deprecationReplacement,
  };
}

/** The live values of a row, in the same shape as ProviderValues, for comparison. */
function liveValuesOf(row: ExistingModel): ProviderValues {
  return {
    displayName: row.displayName,
    description: row.description,
    type: row.type,
    capabilities: [...row.capabilities],
    contextLength: row.contextLength,
    aliases: [...row.aliases],
    deprecation: row.deprecation ? row.deprecation.toISOString() : null,
    deprecationReplacement: row.deprecationReplacement,
  };
}

/** Retiring more than this share of a provider's listed models needs --allow-mass-retire. */
const MASS_RETIRE_SHARE = 0.5;

export function computeSeedPlan(input: PlanInput): SeedPlan {
  const { provider, cards, existing, config, now } = input;
  if (cards.length === 0) {
    throw new RegistryError(
      'guard',
      `The ${provider} catalog is empty: the provider listed no models at all. Nothing was changed. ` +
        'An empty answer is treated as a provider fault and never retires models (not even with --allow-mass-retire); ' +
        'check the provider, or seed from --source catalog or a file.',
    );
  }

  const warnings: string[] = [];
  const byId = new Map(existing.map((row) => [row.modelId, row]));
  const candidates: PinCandidate[] = cards.map((card) => ({
    provider,
    modelId: card.modelId,
    groupName: card.groupName,
    aliases: card.aliases,
    deprecation: card.deprecation,
    deprecationReplacement: card.deprecationReplacement,
  }));
  const pins = resolvePins([...candidates, ...(input.others ?? [])], config, now, { focus: provider });
  if (pins.conflicts.length > 0) {
    const lines = pins.conflicts.map(
      (c) => `  - ${c.modelIds.join(', ')}: alwaysActive '${c.active}' and alwaysInactive '${c.inactive}'`,
    );
    throw new RegistryError(
      'config',
      `The model status configuration pins one model group both ways:\n${lines.join('\n')}\n` +
        'Remove one of the two entries. Nothing was changed.',
    );
  }
  warnings.push(...pins.warnings);

  const newModel = newModelStatus(config, provider);
  const firstSync = !existing.some((row) => row.source === 'provider');
  const adds: PlannedAdd[] = [];
  const updates: PlannedUpdate[] = [];
  const unchanged: string[] = [];
  const listed = new Set<string>();
  // No two of the provider's models share a name: versions (or ids) tell them apart.
  const names = distinctDisplayNames(cards);
  // An alias costs what the dated model it serves costs: the catalog is asked for that model first (its entry for
  // the alias itself may be an older release's: `mistral-large-latest` now serves mistral-large-2512).
  const served = aliasTargets(cards, pins.groups.get(provider));
  const catalogPriceOf = (card: ProviderCard) => {
    const target = served.get(card.modelId);
    const asked = target ? { ...card, modelId: target, aliases: [card.modelId, ...card.aliases] } : card;
    return input.priceCatalog?.(provider, asked, now) ?? null;
  };

  for (const card of cards) {
    listed.add(card.modelId);
    const providerValues = providerValuesOf(card, names.get(card.modelId));
    const price = seedPrice(card, card.price ? null : catalogPriceOf(card));
    const row = byId.get(card.modelId);
    const status = resolveStatus({
      pin: pins.pins.get(pinKey(provider, card.modelId)),
      existing: row,
      newModel,
    });
    if (!row) {
      adds.push({
        modelId: card.modelId,
        values: providerValues,
        groupName: card.groupName,
        status,
        price,
        awaitingReview: queuesForReview({ firstSync, statusSource: status.source }),
      });
      continue;
    }
    const update = planUpdate(row, card, providerValues, status, price);
    if (update) {
      if (update.adopt) {
        warnings.push(
          `${card.modelId} was a manual model and is now listed by ${provider}: it becomes a provider model; ` +
            'the values an admin entered are kept as overrides.',
        );
      }
      updates.push(update);
    } else unchanged.push(card.modelId);
  }

  const listedBefore = existing.filter((row) => row.source === 'provider' && row.retiredAt === null);
  const retirements = listedBefore
    .filter((row) => !listed.has(row.modelId))
    .map((row) => ({ pk: row.id, modelId: row.modelId, version: row.version }));
  if (
    !input.allowMassRetire &&
    retirements.length > 0 &&
    retirements.length > listedBefore.length * MASS_RETIRE_SHARE
  ) {
    throw new RegistryError(
      'guard',
      `This seed would retire ${retirements.length} of the ${listedBefore.length} ${provider} models the registry lists ` +
        `(more than ${MASS_RETIRE_SHARE * 100}%), which usually means the provider answered with a partial list. ` +
        'Nothing was changed. If the provider really dropped them, run the seed again with --allow-mass-retire.',
    );
  }

  // What the aliases served before is read from the provider's own values (an admin's override of `aliases` is no
  // move), over the models the provider listed; a retired or manual row served nothing.
  const moves = aliasMoves(
    listedBefore.map((row) => ({
      modelId: row.modelId,
      groupName: row.groupName,
      aliases: row.providerValues?.aliases ?? row.aliases,
    })),
    cards,
    served,
  ).map((move) => ({ pk: byId.get(move.alias)!.id, ...move }));

  const counts: SeedCounts = {
    added: adds.length,
    updated: updates.filter((u) => u.metadataChanged).length,
    statusChanged: updates.filter((u) => u.status && u.status.before.status !== u.status.after.status).length,
    retired: retirements.length,
    restored: updates.filter((u) => u.restore).length,
    unchanged: unchanged.length,
  };
  return {
    provider,
    firstSync,
    adds,
    updates,
    retirements,
    aliasMoves: moves,
    unchanged,
    counts,
    warnings,
  };
}

function planUpdate(
  row: ExistingModel,
  card: ProviderCard,
  providerValues: ProviderValues,
  status: StatusDecision,
  found: SourcedPrice,
): PlannedUpdate | null {
  const adopt = row.source === 'manual';
  const live = liveValuesOf(row);
  const overridden = new Set<OverridableField>(row.overriddenFields);
  if (adopt) {
    // What an admin typed into a manual model is theirs: keep every value that differs from the provider's.
    for (const field of OVERRIDABLE_FIELDS) {
      if (!sameValue(live[field], providerValues[field])) overridden.add(field);
    }
  }
  const previousProvider = row.providerValues ?? live;
  const values = { ...live };
  const fieldChanges: FieldChange[] = [];
  for (const field of OVERRIDABLE_FIELDS) {
    if (overridden.has(field)) {
      if (!sameValue(previousProvider[field], providerValues[field])) {
        fieldChanges.push({
          field,
          before: previousProvider[field],
          after: providerValues[field],
          scope: 'provider',
        });
      }
      continue;
    }
    if (!sameValue(live[field], providerValues[field])) {
      fieldChanges.push({ field, before: live[field], after: providerValues[field], scope: 'value' });
    }
    (values as Record<OverridableField, unknown>)[field] = providerValues[field];
  }
  if (row.groupName !== card.groupName) {
    fieldChanges.push({ field: 'groupName', before: row.groupName, after: card.groupName, scope: 'value' });
  }
  const price = refreshPrice(row, found);
  fieldChanges.push(...price.changes);
  // providerValues missing on a row (first seed after a manual insert) is filled without an audit-worthy change.
  const providerValuesMissing = row.providerValues === null;
  const statusChanged = row.status !== status.status || row.statusSource !== status.source;
  const restore = row.retiredAt !== null;
  const sourceOnlyChange = statusChanged && row.status === status.status;
  const metadataChanged = fieldChanges.length > 0 || adopt || providerValuesMissing || sourceOnlyChange;
  if (!metadataChanged && !statusChanged && !restore) return null;
  return {
    pk: row.id,
    modelId: row.modelId,
    version: row.version,
    values,
    groupName: card.groupName,
    providerValues: { ...providerValues, price: storedPrice(found) },
    price: price.live,
    overriddenFields: [...overridden].sort(),
    fieldChanges,
    status: statusChanged
      ? { before: { status: row.status, source: row.statusSource }, after: status }
      : null,
    restore,
    adopt,
    metadataChanged,
  };
}
