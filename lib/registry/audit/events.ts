// The audit log's event shapes, as types, and the one writer of `model_events` rows. Every change to a model writes
// exactly one event, in the same transaction as the change. `model_events` is append-only: readers must keep
// rendering events written before these types existed, so fields are only ever added.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { recordset } from '../../../db/recordset';
import {
  type EditableValues,
  type ModelSource,
  type ModelStatus,
  modelEvents,
  type OverridableField,
  type StatusSource,
} from '../../../db/schema';

/** A model's editable values as events record them (dates as ISO strings, prices as decimal strings). */
export type EventFields = Partial<
  EditableValues & {
    isDefault: boolean;
    groupName: string | null;
    status: ModelStatus;
    statusSource: StatusSource;
    /** Who set the status (`status_set_by`): recorded since undo (changes/undo.ts) gives a status back its origin. */
    statusSetBy: string;
    overriddenFields: OverridableField[];
    source: ModelSource;
    /** Since when the model awaited review (ISO); null after a review. */
    awaitingReviewSince: string | null;
    /** Where the prices came from (model/prices.ts): `admin`, `provider`, `catalog:<package>@<version>` or null. */
    priceSource: string | null;
    /** Why, in one line, when the change was not asked for directly (a default moved, a pin applied). */
    reason: string;
  } & ChangeTags
> & {
  /** A seed's change to a provider value an admin overrides (the live value keeps the admin's). */
  [providerField: `provider.${string}`]: unknown;
};

/**
 * Marks on the `after` of every event one operation wrote, so its events can be found together (changes/undo.ts): not a
 * field of the model, and no line of the log shows them (labels.ts).
 */
export type ChangeTags = {
  /** The bulk edit (changes/bulk-edit.ts) that wrote this event: one id per apply. */
  bulkEdit?: string;
  /** The bulk edit this event undid. */
  undoes?: string;
};

export type StatusSnapshot = {
  status: ModelStatus;
  statusSource: StatusSource;
  statusSetBy?: string;
  reason?: string;
} & ChangeTags;

type Payload =
  | { action: 'created'; before: null; after: EventFields }
  | { action: 'updated'; before: EventFields; after: EventFields }
  | { action: 'status_changed'; before: StatusSnapshot; after: StatusSnapshot }
  | { action: 'retired'; before: { retired: false }; after: { retired: true; reason: string } }
  | { action: 'restored'; before: { retired: true }; after: { retired: false } }
  | { action: 'deleted'; before: EventFields; after: null }
  /** An alias serves another dated model: its users silently get a different model (lifecycle/alias-drift.ts). */
  | { action: 'alias_moved'; before: { target: string }; after: { target: string } }
  /** An admin looked at a model awaiting review (config/review.ts); a status they set in the same step is in it too. */
  | { action: 'reviewed'; before: EventFields; after: EventFields }
  /** An admin undid a bulk edit (changes/undo.ts): the values its event recorded before, put back. */
  | { action: 'undone'; before: EventFields; after: EventFields };

export type AuditEvent = Payload & {
  modelPk: number | null;
  provider: string;
  modelId: string;
  /** `admin:<email>`, `seed`, `config`, `cli`, `cli:<name>`, `import`. */
  actor: string;
  seedRunId?: string | null;
};

/** Inserts audit events in ONE statement, whatever their number. */
/**
 * The distinct before/after payloads of a batch of events, each sent and parsed once: a bulk edit's 100,000 events
 * share a handful (every `after` of a status edit is the same). `at` gives a payload's position, `table` is the
 * one-row `(a jsonb)` table holding them all, for `p.a -> position`.
 */
export function eventPayloads() {
  const payloads: string[] = [];
  const positions = new Map<string, number>();
  return {
    at(value: object | null | undefined): number | null {
      if (value === null || value === undefined) return null;
      const text = JSON.stringify(value);
      let at = positions.get(text);
      if (at === undefined) {
        at = payloads.length;
        payloads.push(text);
        positions.set(text, at);
      }
      return at;
    },
    table: () => sql`(select ${`[${payloads.join(',')}]`}::jsonb as a)`,
  };
}

export async function insertEvents(tx: Executor, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payloads = eventPayloads();
  const keys = ['modelPk', 'provider', 'modelId', 'actor', 'action', 'seedRunId'] as const;
  const r = recordset(
    modelEvents,
    keys,
    events.map((e) => ({
      modelPk: e.modelPk,
      provider: e.provider,
      modelId: e.modelId,
      actor: e.actor,
      action: e.action,
      seedRunId: e.seedRunId ?? null,
      before_at: payloads.at(e.before),
      after_at: payloads.at(e.after),
    })),
    { before_at: 'integer', after_at: 'integer' },
  );
  await tx.execute(sql`
    insert into model_events (${r.names(keys)}, before, after)
    select ${r.values(keys)}, p.a -> ${r.col('before_at')}, p.a -> ${r.col('after_at')}
    from ${r.from}, ${payloads.table()} p`);
}
