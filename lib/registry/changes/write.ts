// The one writer of planned changes: inside the caller's transaction, a constant number of batched statements
// whatever the count (at most: clear the defaults that move, one UPDATE from a recordset, one INSERT of the audit
// events), one typed audit event per changed model.
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../../db/client';
import { rowsOf } from '../../../db/driver';
import { isUniqueViolation } from '../../../db/errors';
import { recordset } from '../../../db/recordset';
import {
  EDITABLE_FIELDS,
  type EditableField,
  type EditableValues,
  type Model,
  type ModelStatus,
  models,
  ONE_DEFAULT_PER_TYPE_INDEX,
  OVERRIDABLE_FIELDS,
  type StatusSource,
} from '../../../db/schema';
import {
  type AuditEvent,
  type ChangeTags,
  type EventFields,
  eventPayloads,
  insertEvents,
} from '../audit/events';
import { type PinResolution, pinKey, pinKeySql, registryPins } from '../config/pins';
import { RegistryError } from '../errors';
import type { ModelDefaults } from '../types';
import {
  type ChangeItem,
  type ChangeTarget,
  type PlanChangesInput,
  type PlannedChange,
  TARGET_META,
} from './plan';

/** What a change needs besides its targets, read in the caller's transaction. */
export type ChangeContext = Pick<PlanChangesInput, 'pins' | 'currentDefaults'> & {
  resolution: PinResolution;
};

/**
 * Reads (and locks) the targets a `where` selects, ordered by id so concurrent writers lock in one order: every
 * column, or only what a change of `fields` needs (a bulk edit of 10,000 models reads no descriptions).
 */
export async function lockTargets(tx: Executor, where: SQL | undefined): Promise<Model[]>;
export async function lockTargets(
  tx: Executor,
  where: SQL | undefined,
  fields: readonly EditableField[],
): Promise<ChangeTarget[]>;
export async function lockTargets(
  tx: Executor,
  where: SQL | undefined,
  fields: readonly EditableField[] | 'all' = 'all',
): Promise<ChangeTarget[]> {
  if (fields === 'all') return tx.select().from(models).where(where).orderBy(models.id).for('update');
  const columns = Object.fromEntries(targetKeys(fields).map((key) => [key, models[key]]));
  return (await tx
    .select(columns)
    .from(models)
    .where(where)
    .orderBy(models.id)
    .for('update')) as unknown as ChangeTarget[];
}

/** The columns a change of `fields` reads of each target (lockTargets, readClasses). */
function targetKeys(fields: readonly EditableField[]) {
  // A price is one pair with one source, and an admin's is compared with the seed's kept in provider_values.
  const prices = fields.some((f) => f === 'inputPricePerMtok' || f === 'outputPricePerMtok');
  const needsProviderValues =
    prices || fields.some((f) => (OVERRIDABLE_FIELDS as readonly string[]).includes(f));
  return [
    ...new Set([
      ...TARGET_META,
      ...fields,
      ...(prices ? (['inputPricePerMtok', 'outputPricePerMtok', 'priceSource'] as const) : []),
      ...(needsProviderValues ? (['providerValues'] as const) : []),
    ]),
  ];
}

/** A class of targets alike in everything a change of some fields reads: planned once, written to every member. */
export type TargetClass = { target: ChangeTarget; members: number[] };

/** What tells targets apart without deciding anything about a change: who they are, and their row's own bookkeeping. */
const OWN = new Set<string>(['id', 'provider', 'modelId', 'version', 'statusSetAt']);

/**
 * Items asking the same of targets alike (readClasses' rule: every column read but who they are) as classes, in
 * the order met: the first item of each stands for it, `members` lists the class's targets. A pinned target, and
 * an item that claims a default or names a version, stays alone. For callers that hold the rows already (an
 * import's entries each ask their own): what readClasses does in SQL for one request.
 */
export function classifyItems(
  items: readonly ChangeItem[],
  pinned: ReadonlySet<string>,
): { items: ChangeItem[]; members: Map<number, number[]> } {
  const byKey = new Map<string, { item: ChangeItem; members: number[] }>();
  for (const item of items) {
    const { target, request } = item;
    const alone =
      pinned.has(pinKey(target.provider, target.modelId)) ||
      request.isDefault === true ||
      request.expectedVersion !== undefined;
    const key = alone
      ? `#${target.id}`
      : JSON.stringify([Object.entries(target).filter(([column]) => !OWN.has(column)), request]);
    const found = byKey.get(key);
    if (found) found.members.push(target.id);
    else byKey.set(key, { item, members: [target.id] });
  }
  const classes = [...byKey.values()];
  return {
    items: classes.map((c) => c.item),
    members: new Map(classes.map((c) => [c.item.target.id, c.members])),
  };
}

/**
 * Reads the targets a `where` selects as classes: targets alike in every column a change of `fields` reads, apart
 * from who they are, are one class, planned once — a status edit of 100,000 models plans a handful. A pinned model
 * (`pinned`, by pinKey) is a class of its own: its pin is its own. A class's target is its first member's (id,
 * provider, model id), with the class's values. Locks nothing: a caller that writes from it holds the table
 * (locks.ts lockModelsTable) — row locks on 100,000 rows cost a third of the edit, and ordered aggregates more.
 */
export async function readClasses(
  tx: Executor,
  where: SQL | undefined,
  fields: readonly EditableField[],
  pinned: ReadonlySet<string>,
): Promise<TargetClass[]> {
  const keys = targetKeys(fields);
  const column = (key: string) => models[key as keyof typeof models.$inferSelect] as PgColumn;
  const alike = keys.filter((key) => !OWN.has(key));
  const own =
    pinned.size > 0
      ? [
          sql`case when ${inArray(pinKeySql(models.provider, models.modelId), [...pinned])} then ${models.id} end`,
        ]
      : [];
  const grouped = tx
    .select({
      ...Object.fromEntries(alike.map((key) => [key, column(key)])),
      id: sql<number>`min(${models.id})`.as('first_id'),
      version: sql<number>`min(${models.version})`.as('min_version'),
      statusSetAt: sql<Date>`min(${models.statusSetAt})`.as('min_status_set_at'),
      members: sql<number[]>`array_agg(${models.id})`.as('members'),
    })
    .from(models)
    .where(where)
    .groupBy(...alike.map(column), ...own)
    .as('classes');
  // Who each class's first member is, by a join on the handful of classes, not an ordered aggregate of every row.
  const first = alias(models, 'first');
  const rows = await tx
    .select({
      ...Object.fromEntries(alike.map((key) => [key, (grouped as unknown as Record<string, PgColumn>)[key]])),
      id: sql<number>`${grouped.id}`.mapWith(Number),
      version: sql<number>`${grouped.version}`.mapWith(Number),
      statusSetAt: sql<Date>`${grouped.statusSetAt}`.mapWith(models.statusSetAt),
      members: grouped.members,
      provider: first.provider,
      modelId: first.modelId,
    })
    .from(grouped)
    .innerJoin(first, eq(first.id, grouped.id));
  return rows
    .map(({ members, ...target }) => ({
      target: target as unknown as ChangeTarget,
      members: (members as unknown[]).map(Number),
    }))
    .sort((a, b) => a.target.id - b.target.id);
}

export async function changeContext(tx: Executor, config: ModelDefaults, now: Date): Promise<ChangeContext> {
  const [resolution, currentDefaults] = await Promise.all([
    registryPins(tx, config, now),
    tx.select().from(models).where(eq(models.isDefault, true)),
  ]);
  return { resolution, pins: resolution.pins, currentDefaults };
}

const STATUS_COLUMNS: readonly string[] = ['status', 'statusSource', 'statusSetBy', 'statusSetAt'];
const WRITTEN = [
  ...EDITABLE_FIELDS,
  'status',
  'statusSource',
  'statusSetBy',
  'statusSetAt',
  'isDefault',
  'overriddenFields',
  'awaitingReviewSince',
  'priceSource',
] as const;

/**
 * The audit event of one planned change: an undo is `undone`; a status-only change is `status_changed`, anything
 * else `updated`. `extra` goes on every event's `after` (an operation's tags, an undo's reason).
 */
function eventOf(change: PlannedChange, actor: string, extra: EventExtra): AuditEvent {
  const base = {
    modelPk: change.target.id,
    provider: change.target.provider,
    modelId: change.target.modelId,
    actor,
  };
  // A change's own reason (a default that moved) wins over the operation's.
  const after = { ...extra, ...change.after };
  if (change.restored) return { ...base, action: 'undone', before: change.before, after };
  // Leaving the review queue is its own kind of event, with whatever else the person changed in the same step.
  if ('awaitingReviewSince' in change.after) {
    return { ...base, action: 'reviewed', before: change.before, after };
  }
  const statusOnly = change.statusChanged && change.changed.length === 1;
  if (statusOnly) {
    const { target, next } = change;
    return {
      ...base,
      action: 'status_changed',
      before: { status: target.status, statusSource: target.statusSource, statusSetBy: target.statusSetBy },
      after: {
        ...extra,
        status: next.status,
        statusSource: next.statusSource,
        statusSetBy: next.statusSetBy,
      },
    };
  }
  return { ...base, action: 'updated', before: change.before, after };
}

/** What a writer's caller adds to every event it writes: the operation's tags, and why (an undo's reason). */
export type EventExtra = ChangeTags & Pick<EventFields, 'reason'>;

/**
 * Writes planned changes and their audit events in one statement (after freeing the defaults that move), one event
 * per changed model. A change planned for a class of models alike (readClasses: a bulk edit of 100,000 models plans
 * a handful) writes to every member of the class: `members` maps the class's planned target id to its members' ids.
 * Without it, each change is its own target's, checked against the version it was planned from.
 */
export async function writeChanges(
  tx: Executor,
  changes: readonly PlannedChange[],
  actor: string,
  now: Date,
  extra: EventExtra = {},
  members?: ReadonlyMap<number, readonly number[]>,
): Promise<void> {
  if (changes.length === 0) return;
  const at = now.toISOString();
  const idsOf = (c: PlannedChange) => members?.get(c.target.id) ?? [c.target.id];
  // The unique "one default per type" index is checked row by row: free the defaults that move first.
  const losing = changes.filter((c) => c.target.isDefault && !c.next.isDefault).flatMap(idsOf);
  const gaining = changes.some((c) => c.next.isDefault && !c.target.isDefault);
  if (gaining && losing.length > 0)
    await tx.update(models).set({ isDefault: false }).where(inArray(models.id, losing));

  // Only the columns some change touches travel and are set (a status edit sends three and the time it was set).
  const statusChanged = changes.some((c) => c.statusChanged);
  const touched = WRITTEN.filter((column) =>
    STATUS_COLUMNS.includes(column) ? statusChanged : changes.some((c) => column in c.after),
  );
  // The time a status was set is the statement's own (below), not a value that travels.
  const assigned = touched.filter((column) => column !== 'statusSetAt');
  // A column one change writes is written for every change in the batch: each must have read it, or its row would
  // get NULL (undefined travels as nothing). A caller that read too few columns is a bug, refused before writing.
  for (const column of assigned) {
    const unread = changes.find((c) => c.next[column] === undefined);
    if (unread)
      throw new Error(
        `writeChanges: ${unread.target.modelId} was not read with ${column}, which this batch writes`,
      );
  }
  const payloads = eventPayloads();
  const r = recordset(
    models,
    ['version', ...assigned],
    changes.map((c) => {
      const event = eventOf(c, actor, extra);
      const row: Record<string, unknown> = {
        ids: idsOf(c),
        version: members ? null : c.target.version,
        status_changed: c.statusChanged,
        action: event.action,
        before_at: payloads.at(event.before),
        after_at: payloads.at(event.after),
      };
      for (const column of assigned) row[column] = c.next[column];
      return row;
    }),
    {
      ids: 'integer[]',
      status_changed: 'boolean',
      action: 'text',
      before_at: 'integer',
      after_at: 'integer',
    },
  );
  const expected = changes.reduce((n, c) => n + idsOf(c).length, 0);
  // A model whose status did not change keeps the time its status was set, in a batch where others changed.
  const statusSetAt = statusChanged
    ? sql`, status_set_at = case when ${r.col('status_changed')} then ${at}::timestamptz else m.status_set_at end`
    : sql``;
  let written: number;
  try {
    const [row] = rowsOf<{ n: number }>(
      await tx.execute(sql`
        with updated as (
          update models m
          set ${assigned.length > 0 ? sql`${r.assign(assigned)}, ` : sql``}version = m.version + 1,
              updated_at = ${at}::timestamptz${statusSetAt}
          from ${r.from}, unnest(${r.col('ids')}) as u(id)
          where m.id = u.id and (${r.col('version')} is null or m.version = ${r.col('version')})
          returning m.id, m.provider, m.model_id, ${r.col('action')} as action,
                    ${r.col('before_at')} as before_at, ${r.col('after_at')} as after_at
        ), events as (
          insert into model_events (model_pk, provider, model_id, actor, action, before, after)
          select w.id, w.provider, w.model_id, ${actor}, w.action, p.a -> w.before_at, p.a -> w.after_at
          from updated w, ${payloads.table()} p
          returning 1
        )
        select count(*)::int as n from events`),
    );
    written = row?.n ?? 0;
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
  if (written !== expected) {
    throw new RegistryError(
      'conflict',
      'Some models changed while this edit ran; nothing was written. Reload and try again.',
    );
  }
}

/** A manual model to create: what an admin typed (or an import file holds) and the status decided for it. */
export type NewManualModel = {
  provider: string;
  modelId: string;
  fields: Partial<EditableValues> & { displayName: string; type: string };
  status: { status: ModelStatus; source: StatusSource; setBy: string };
  isDefault: boolean;
};

const CREATED_COLUMNS = [
  'provider',
  'modelId',
  ...EDITABLE_FIELDS,
  'status',
  'statusSource',
  'statusSetBy',
  'statusSetAt',
  'isDefault',
  'priceSource',
  'source',
  'createdAt',
  'updatedAt',
] as const;

/** A manual model's prices are what a person typed: an admin's, or unknown. */
function manualPriceSource(m: NewManualModel): 'admin' | null {
  const { inputPricePerMtok: input, outputPricePerMtok: output } = m.fields;
  return (input ?? null) === null && (output ?? null) === null ? null : 'admin';
}

/**
 * Creates manual models in one statement and their `created` events in one more (the dashboard's "Add model" and an
 * import's new manual models alike). Returns each new row's id by `provider/modelId`. A default among them must
 * have been made free first (the plan's `newDefaults`, written by writeChanges).
 */
export async function writeManualModels(
  tx: Executor,
  created: readonly NewManualModel[],
  actor: string,
  now: Date,
): Promise<Map<string, number>> {
  if (created.length === 0) return new Map();
  const at = now.toISOString();
  const valuesOf = (m: NewManualModel): EditableValues => ({
    description: null,
    capabilities: [],
    contextLength: null,
    aliases: [],
    deprecation: null,
    deprecationReplacement: null,
    inputPricePerMtok: null,
    outputPricePerMtok: null,
    ...m.fields,
  });
  const r = recordset(
    models,
    CREATED_COLUMNS,
    created.map((m) => ({
      ...valuesOf(m),
      priceSource: manualPriceSource(m),
      provider: m.provider,
      modelId: m.modelId,
      status: m.status.status,
      statusSource: m.status.source,
      statusSetBy: m.status.setBy,
      statusSetAt: at,
      isDefault: m.isDefault,
      source: 'manual',
      createdAt: at,
      updatedAt: at,
    })),
  );
  const inserted = rowsOf<{ id: number; provider: string; model_id: string }>(
    await tx.execute(sql`
      insert into models (${r.names(CREATED_COLUMNS)}) select ${r.values(CREATED_COLUMNS)} from ${r.from}
      returning id, provider, model_id`),
  );
  const pk = new Map(inserted.map((row) => [`${row.provider}/${row.model_id}`, row.id]));
  await insertEvents(
    tx,
    created.map((m) => ({
      modelPk: pk.get(`${m.provider}/${m.modelId}`) ?? null,
      provider: m.provider,
      modelId: m.modelId,
      actor,
      action: 'created' as const,
      before: null,
      after: {
        ...valuesOf(m),
        priceSource: manualPriceSource(m),
        status: m.status.status,
        statusSource: m.status.source,
        source: 'manual' as const,
        isDefault: m.isDefault,
      },
    })),
  );
  return pk;
}
