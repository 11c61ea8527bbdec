// The one planner of changes people make to models (CLI, quick toggle, edit dialog, bulk edit, import): a pure
// function from the targets, what is asked of each, the pins and a policy to typed changes — status with its source
// and actor, fields with override tracking, the one-default-per-type move, version checks — and the reasons for
// anything refused or skipped. Nothing here reads or writes the database; `write.ts` applies what this returns.
import {
  EDITABLE_FIELDS,
  type EditableField,
  type EditableValues,
  type Model,
  type ModelStatus,
  OVERRIDABLE_FIELDS,
  type OverridableField,
  type StatusSource,
} from '../../../db/schema';
import type { EventFields } from '../audit/events';
import { type Pin, pinKey } from '../config/pins';
import { decideStatus } from '../config/status';
import { sameValue } from '../model/fields';
import { editedPriceSource, keptPrice, livePrice, priceText, samePrice } from '../model/prices';

/** The values of a model a person may change, as the planner compares and writes them (dates as ISO text). */
type FieldValues = EditableValues;

const isOverridable = (field: string): field is OverridableField =>
  (OVERRIDABLE_FIELDS as readonly string[]).includes(field);

/** What is asked of one model. Absent parts are left alone. */
export type ChangeRequest = {
  status?: ModelStatus;
  fields?: Partial<FieldValues>;
  /** Put these back to the provider's value and stop overriding them. */
  reset?: readonly OverridableField[];
  /** Drop an admin's price for the provider's or the catalog's one (kept beside it by the seed, model/prices.ts). */
  resetPrice?: boolean;
  /** true: the default model of its type (the previous one loses it); false: not the default. */
  isDefault?: boolean;
  /** The version the person saw; another version refuses the change as a conflict. */
  expectedVersion?: number;
  /**
   * A person looked at it: it leaves the review queue (config/review.ts). A status a person sets takes it out too; a
   * model not awaiting review is left alone.
   */
  reviewed?: boolean;
  /**
   * Put back what an audit event recorded (undo.ts): the bookkeeping a person's request derives — the status's
   * origin, the override list, the price source, the wait for review — as it was, not as this change would make it.
   * A restored status still yields to a pin that decides it the other way. Not a review.
   */
  restore?: {
    status?: { status: ModelStatus; source: StatusSource; setBy: string };
    overriddenFields?: readonly OverridableField[];
    priceSource?: string | null;
    /** ISO instant, or null: not awaiting review. */
    awaitingReviewSince?: string | null;
  };
};

/**
 * What to do with a status that a config pin decides the other way. `refuse`: the whole edit is refused (a person
 * named this model: say no). `skip`: that status is not applied and is reported; the rest of the change applies.
 */
export type PinPolicy = 'refuse' | 'skip';

/**
 * A model as the planner reads it: what every change needs, plus the editable fields the requests touch (a bulk
 * status edit of 10,000 models need not read their descriptions). A full row is a target too.
 */
export type ChangeTarget = Pick<Model, (typeof TARGET_META)[number]> &
  Partial<Pick<Model, EditableField | 'providerValues' | 'priceSource'>>;

/** The columns every target is read with. */
export const TARGET_META = [
  'id',
  'provider',
  'modelId',
  'version',
  'status',
  'statusSource',
  'statusSetBy',
  'statusSetAt',
  'isDefault',
  'type',
  'source',
  'overriddenFields',
  'awaitingReviewSince',
] as const;

export type ChangeItem = { target: ChangeTarget; request: ChangeRequest };

/** The columns a change writes, as they will be. */
export type NextValues = Partial<FieldValues> & {
  type: string;
  status: ModelStatus;
  statusSource: StatusSource;
  statusSetBy: string;
  isDefault: boolean;
  overriddenFields: OverridableField[];
  awaitingReviewSince: Date | null;
  priceSource?: string | null;
};

export type PlannedChange = {
  target: ChangeTarget;
  next: NextValues;
  statusChanged: boolean;
  /** It puts back recorded values (`ChangeRequest.restore`): its audit event is an undo. */
  restored: boolean;
  /** Names of the values that change (status and fields; `isDefault`; `overriddenFields`). */
  changed: string[];
  before: EventFields;
  after: EventFields;
};

export type Refusal = { modelId: string; reason: string; kind: 'pinned' | 'conflict' | 'default' };

export type ChangePlan = {
  changes: PlannedChange[];
  /** Targets already as asked: nothing written for them. */
  alreadySo: ChangeTarget[];
  /** Pinned statuses not applied under the `skip` policy. */
  skipped: Refusal[];
  /** Under `refuse` (pins), and always (stale versions, two defaults for one type): nothing may be written. */
  refused: Refusal[];
};

export type PlanChangesInput = {
  items: readonly ChangeItem[];
  /** Current pins by model id (config/pins.ts, one resolution for every entry point). */
  pins: ReadonlyMap<string, Pin>;
  policy: PinPolicy;
  actor: string;
  /** Every model that is the default of its type now (a target or not), so a new default can take over. */
  currentDefaults: readonly ChangeTarget[];
  /** Models being created by the same operation as their type's default (an import's new manual models). */
  newDefaults?: readonly { modelId: string; type: string }[];
};

/** The live value of a field, in the planner's shapes (dates as ISO strings, prices as the seed records them: 1.5). */
function fieldValue(row: ChangeTarget, field: EditableField): FieldValues[EditableField] {
  if (field === 'deprecation') return row.deprecation ? new Date(row.deprecation).toISOString() : null;
  if (field === 'inputPricePerMtok' || field === 'outputPricePerMtok') return priceText(row[field]);
  return row[field] as FieldValues[EditableField];
}

function sameFieldValue(field: EditableField, a: unknown, b: unknown): boolean {
  if (field === 'inputPricePerMtok' || field === 'outputPricePerMtok')
    return samePrice(a as string | null, b as string | null);
  return sameValue(a, b);
}

function providerValue(row: ChangeTarget, field: OverridableField): unknown {
  return row.providerValues ? row.providerValues[field] : undefined;
}

type Draft = {
  target: ChangeTarget;
  next: NextValues;
  statusChanged: boolean;
  before: EventFields;
  after: EventFields;
  /** It asked to become its type's default. */
  claimsDefault: boolean;
  restored: boolean;
};

function put(draft: Draft, key: keyof EventFields & string, before: unknown, after: unknown) {
  if (!(key in draft.before)) (draft.before as Record<string, unknown>)[key] = before;
  (draft.after as Record<string, unknown>)[key] = after;
}

function nextOf(row: ChangeTarget): NextValues {
  const values: Partial<Record<EditableField, unknown>> = {};
  for (const field of EDITABLE_FIELDS) if (field in row) values[field] = fieldValue(row, field);
  return {
    ...(values as Partial<FieldValues>),
    type: row.type,
    status: row.status,
    statusSource: row.statusSource,
    statusSetBy: row.statusSetBy,
    isDefault: row.isDefault,
    overriddenFields: [...row.overriddenFields].sort(),
    awaitingReviewSince: row.awaitingReviewSince,
    // A batch writes a column for every change once one changes it: the others must carry their own value.
    ...('priceSource' in row ? { priceSource: row.priceSource } : {}),
  };
}

export function planChanges(input: PlanChangesInput): ChangePlan {
  const { pins, policy, actor } = input;
  const skipped: Refusal[] = [];
  const refused: Refusal[] = [];
  const drafts = new Map<number, Draft>();
  const draftOf = (target: ChangeTarget): Draft => {
    let draft = drafts.get(target.id);
    if (!draft) {
      draft = {
        target,
        next: nextOf(target),
        statusChanged: false,
        before: {},
        after: {},
        claimsDefault: false,
        restored: false,
      };
      drafts.set(target.id, draft);
    }
    return draft;
  };
  /** Every model the plan touches, in the order met. */
  const order = new Map<number, ChangeTarget>();

  for (const { target, request } of input.items) {
    order.set(target.id, target);
    if (request.expectedVersion !== undefined && request.expectedVersion !== target.version) {
      refused.push({ modelId: target.modelId, kind: 'conflict', reason: 'someone else changed it first' });
      continue;
    }
    const draft = draftOf(target);
    const restore = request.restore;
    if (restore) draft.restored = true;
    // Override bookkeeping only where an overridable field is asked for (not for a status edit of 10,000).
    const touchesOverrides =
      (request.reset?.length ?? 0) > 0 ||
      restore?.overriddenFields !== undefined ||
      Object.keys(request.fields ?? {}).some((f) => (OVERRIDABLE_FIELDS as readonly string[]).includes(f));
    const overridden = new Set(touchesOverrides ? draft.next.overriddenFields : []);
    const setField = (field: EditableField, value: unknown) => {
      const current = draft.next[field];
      if (sameFieldValue(field, current, value)) return;
      put(draft, field, fieldValue(target, field), value);
      (draft.next as Record<string, unknown>)[field] = value;
    };

    // A reset wins over a value sent for the same field (a form sends every field, the reset one included).
    const resetting = new Set<string>(request.reset ?? []);
    for (const field of EDITABLE_FIELDS) {
      const value = request.fields?.[field];
      if (value === undefined || resetting.has(field)) continue;
      setField(field, value);
      // On a provider model, a value an admin sets is an override, unless it is the provider's own value.
      if (target.source === 'provider' && isOverridable(field)) {
        if (target.providerValues && sameValue(providerValue(target, field), value)) overridden.delete(field);
        else if (!sameFieldValue(field, fieldValue(target, field), value) || overridden.has(field))
          overridden.add(field);
      }
    }
    for (const field of request.reset ?? []) {
      if (!target.providerValues || !overridden.has(field)) continue;
      overridden.delete(field);
      setField(field, providerValue(target, field));
    }
    // The two prices are one pair with one source: a pair a person sets is an admin's, unless it is the seed's own.
    const fields = request.fields ?? {};
    if (
      request.resetPrice ||
      fields.inputPricePerMtok !== undefined ||
      fields.outputPricePerMtok !== undefined ||
      restore?.priceSource !== undefined
    ) {
      const kept = keptPrice(target);
      if (request.resetPrice) {
        setField('inputPricePerMtok', kept.input);
        setField('outputPricePerMtok', kept.output);
      }
      const pair = {
        input: draft.next.inputPricePerMtok ?? null,
        output: draft.next.outputPricePerMtok ?? null,
      };
      const source = restore?.priceSource !== undefined ? restore.priceSource : editedPriceSource(pair, kept);
      const current = livePrice(target).source;
      if (source !== current) {
        put(draft, 'priceSource', current, source);
        draft.next.priceSource = source;
      }
    }

    const overriddenAfter = [...(restore?.overriddenFields ?? overridden)].sort();
    if (touchesOverrides && !sameValue(overriddenAfter, draft.next.overriddenFields)) {
      put(draft, 'overriddenFields', draft.next.overriddenFields, overriddenAfter);
      draft.next.overriddenFields = overriddenAfter;
    }

    // A restored status is the recorded one with its recorded origin (unless a pin now makes it the pin's).
    const asked = restore?.status ?? (request.status !== undefined ? { status: request.status } : undefined);
    const differs =
      asked !== undefined &&
      (asked.status !== target.status ||
        ('source' in asked && (asked.source !== target.statusSource || asked.setBy !== target.statusSetBy)));
    if (asked && differs) {
      const pin = pins.get(pinKey(target.provider, target.modelId));
      const decision = decideStatus(pin, asked.status, actor);
      if ('refusal' in decision) {
        const refusal = { modelId: target.modelId, kind: 'pinned' as const, reason: decision.refusal };
        (policy === 'refuse' ? refused : skipped).push(refusal);
      } else {
        const { source, setBy } = 'source' in asked && !pin ? asked : decision;
        put(draft, 'status', target.status, decision.status);
        put(draft, 'statusSource', target.statusSource, source);
        put(draft, 'statusSetBy', target.statusSetBy, setBy);
        Object.assign(draft.next, { status: decision.status, statusSource: source, statusSetBy: setBy });
        draft.statusChanged = true;
      }
    }

    if (restore?.awaitingReviewSince !== undefined) {
      const was = target.awaitingReviewSince?.toISOString() ?? null;
      const back = restore.awaitingReviewSince;
      if (was !== (back === null ? null : new Date(back).toISOString())) {
        put(draft, 'awaitingReviewSince', was, back);
        draft.next.awaitingReviewSince = back === null ? null : new Date(back);
      }
    }

    // Reviewed: asked for, or a status this person set. A seed's queue entry ends with a person, never by itself.
    if (
      !restore &&
      target.awaitingReviewSince &&
      draft.next.awaitingReviewSince &&
      (request.reviewed || draft.statusChanged)
    ) {
      put(draft, 'awaitingReviewSince', target.awaitingReviewSince.toISOString(), null);
      draft.next.awaitingReviewSince = null;
    }

    const typeChanged = draft.next.type !== target.type;
    if (request.isDefault === true && (!target.isDefault || typeChanged)) draft.claimsDefault = true;
    else if (target.isDefault && (request.isDefault === false || typeChanged)) {
      // A default moved to another type stops being a default (that type may have its own).
      put(draft, 'isDefault', true, false);
      draft.next.isDefault = false;
    }
  }

  // One default per type: a claim takes the default from whichever model holds it now; two claims are refused.
  type Claim = { modelId: string; draft?: Draft };
  const claims = new Map<string, Claim[]>();
  const claim = (type: string, c: Claim) => claims.set(type, [...(claims.get(type) ?? []), c]);
  for (const draft of drafts.values())
    if (draft.claimsDefault) claim(draft.next.type, { modelId: draft.target.modelId, draft });
  for (const created of input.newDefaults ?? []) claim(created.type, { modelId: created.modelId });
  for (const [type, claimants] of claims) {
    if (claimants.length > 1) {
      const names = claimants.map((c) => c.modelId).join(' and ');
      for (const c of claimants)
        refused.push({
          modelId: c.modelId,
          kind: 'default',
          reason: `${names} cannot all be the default ${type} model; a type has one default`,
        });
      continue;
    }
    const { modelId, draft: winner } = claimants[0] as Claim;
    if (winner) {
      put(winner, 'isDefault', winner.target.isDefault, true);
      winner.next.isDefault = true;
    }
    const holders = [...input.currentDefaults, ...[...drafts.values()].map((d) => d.target)];
    for (const holder of holders) {
      if (holder.id === winner?.target.id) continue;
      const draft = drafts.get(holder.id);
      const holds = draft
        ? draft.next.isDefault && draft.next.type === type
        : holder.isDefault && holder.type === type;
      if (!holds) continue;
      const loser = draftOf(holder);
      put(loser, 'isDefault', true, false);
      put(loser, 'reason', undefined, `${modelId} became the default ${type} model`);
      loser.next.isDefault = false;
      if (!order.has(holder.id)) order.set(holder.id, holder);
    }
  }

  const changes: PlannedChange[] = [];
  const alreadySo: ChangeTarget[] = [];
  const refusedIds = new Set(refused.map((r) => r.modelId));
  const skippedIds = new Set(skipped.map((s) => s.modelId));
  for (const target of order.values()) {
    const draft = drafts.get(target.id);
    if (refusedIds.has(target.modelId)) continue;
    if (!draft || Object.keys(draft.after).length === 0) {
      // A model that asked only for a pinned status is skipped, not "already so".
      if (!skippedIds.has(target.modelId)) alreadySo.push(target);
      continue;
    }
    const { before, after } = draft;
    if ('reason' in before) delete before.reason;
    changes.push({
      target,
      next: draft.next,
      statusChanged: draft.statusChanged,
      restored: draft.restored,
      changed: Object.keys(after)
        .filter(
          (k) => !['statusSource', 'statusSetBy', 'reason', 'overriddenFields', 'priceSource'].includes(k),
        )
        .map((k) => (k === 'awaitingReviewSince' ? 'reviewed' : k)),
      before,
      after,
    });
  }
  return { changes, alreadySo, skipped, refused };
}
