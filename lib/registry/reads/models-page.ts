// Reading the registry for people: the Model Management page's filters, sorting and paging, server-side.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Executor } from '../../../db/client';
import { rowsOf } from '../../../db/driver';
import { MODEL_STATUSES, type ModelEvent, modelEvents, models, providers } from '../../../db/schema';
import { type Declared, loadAccessDeclarations } from '../access/declared';
import { accessView, parseAccessRef, usableModels, whoCanUse } from '../access/members';
import { awaitingReview } from '../config/review';
import { isRegistryError } from '../errors';
import { capabilitySchema, plainText, providerIdSchema } from '../model/fields';
import { qualifiedModelId } from '../model/qualified-id';
import { existingModelColumns } from '../model/row';
import { keptPerRevision } from '../revision';
import { type Env, MODEL_TYPES } from '../types';

export const PAGE_SIZES = [25, 50, 100, 200] as const;
/** The columns the page sorts by; `updated` is the last change. */
export const SORTS = [
  'name',
  'id',
  'provider',
  'type',
  'status',
  'context',
  'price',
  'deprecation',
  'updated',
] as const;
export type ModelSort = (typeof SORTS)[number];

const YES_NO = ['yes', 'no'] as const;

/**
 * What a filter may hold, field by field: exact and case-sensitive (`ACTIVE` is not `active`). A write (bulk edit
 * "all matching") refuses a filter that does not parse, naming the field; a page's URL ignores what does not parse.
 */
const filterFields = {
  q: plainText().trim().max(200, 'A search is at most 200 characters.'),
  provider: providerIdSchema,
  type: z.enum(MODEL_TYPES, { error: `Choose one of ${MODEL_TYPES.join(', ')}.` }),
  status: z.enum(MODEL_STATUSES, { error: 'Choose active or inactive.' }),
  capability: capabilitySchema,
  deprecated: z.enum(YES_NO, { error: 'Choose yes or no.' }),
  retired: z.enum(YES_NO, { error: 'Choose yes or no.' }),
  edited: z.enum(YES_NO, { error: 'Choose yes or no.' }),
  /** `awaiting`: only the models waiting for an admin's review (config/review.ts). */
  review: z.enum(['awaiting'], { error: 'Choose awaiting.' }),
  /** `team:<slug>` or `group:<slug>`: only the offered models that team may use, or that group holds (access/). */
  access: z
    .string()
    .refine((text) => parseAccessRef(text) !== null, 'Choose a team (team:SLUG) or a group (group:SLUG).'),
};

/** The filter of a write: every field must parse, and no unknown field may widen it silently. */
export const modelWriteFilterSchema = z.strictObject({
  q: filterFields.q.optional(),
  provider: filterFields.provider.optional(),
  type: filterFields.type.optional(),
  status: filterFields.status.optional(),
  capability: filterFields.capability.optional(),
  deprecated: filterFields.deprecated.optional(),
  retired: filterFields.retired.optional(),
  edited: filterFields.edited.optional(),
  review: filterFields.review.optional(),
  access: filterFields.access.optional(),
});
export type ModelWriteFilter = z.output<typeof modelWriteFilterSchema>;

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** URL search params → a filter to show. Unknown or malformed values fall back to their default: a URL never errors. */
export const modelFilterSchema = z.object({
  q: lenient(filterFields.q),
  provider: lenient(filterFields.provider),
  type: lenient(filterFields.type),
  status: lenient(filterFields.status),
  capability: lenient(filterFields.capability),
  deprecated: lenient(filterFields.deprecated),
  retired: lenient(filterFields.retired),
  edited: lenient(filterFields.edited),
  review: lenient(filterFields.review),
  access: lenient(filterFields.access),
  sort: z.enum(SORTS).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  /** `yes`: the ids of one model (a dated id and its aliases) listed together (see `groupKey`). */
  group: z.enum(['yes']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  perPage: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(50),
});
export type ModelFilter = z.output<typeof modelFilterSchema>;

export function parseModelFilter(params: Record<string, string | string[] | undefined>): ModelFilter {
  const flat = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]),
  );
  return modelFilterSchema.parse(flat);
}

/**
 * The models an `access` filter keeps, resolved from the groups in force (access/members.ts) by whoever holds a
 * database and the declarations: `key` names the declarations for caches (the revision covers the saved groups).
 */
export type UsableSet = {
  /** The pairs' hash: a count kept under a revision is kept for exactly the set it counted. */
  key: string;
  /** The (provider, model_id) pairs as one JSON recordset, the form SQL reads them in. */
  pairs: string;
  size: number;
};

function usableSet(list: readonly { provider: string; modelId: string }[]): UsableSet {
  const pairs = JSON.stringify(list.map((m) => ({ p: m.provider, m: m.modelId })));
  return { key: createHash('sha256').update(pairs).digest('base64url'), pairs, size: list.length };
}

/** The usable set a filter's `access` names (undefined without one). */
export async function usableSetOf(
  db: Executor,
  filter: Pick<ModelWriteFilter, 'access'>,
  declared: Declared = loadAccessDeclarations(),
): Promise<UsableSet | undefined> {
  const ref = filter.access ? parseAccessRef(filter.access) : null;
  if (!ref) return undefined;
  const view = await accessView(db, declared);
  return usableSet(usableModels(view, ref));
}

/** What the Models page shows of access: the filter's choices, its usable set, and who may use each model. */
export type PageAccess = {
  /** False when no group but `all` and no team exist: the page then shows nothing of access. */
  inUse: boolean;
  teams: { slug: string; name: string }[];
  groups: { slug: string; name: string }[];
  /**
   * Names the lists above (a hash of them): the page sends only this and the chosen entry's name, and its menu
   * loads the lists once per key (hundreds of teams weighed 21 kB of every page, issue 27).
   */
  choicesKey: string;
  usable: UsableSet | undefined;
  /** The groups holding a model and the teams granted any of them; null when it is not offered. */
  whoCanUse(provider: string, modelId: string): { groups: string[]; teams: string[] } | null;
  /** Set when ACCESS_PATH cannot be used: the page keeps working, an access filter then matches nothing. */
  problem: string | null;
};

function choicesKeyOf(teams: PageAccess['teams'], groups: PageAccess['groups']): string {
  return createHash('sha256')
    .update(JSON.stringify([teams, groups]))
    .digest('base64url')
    .slice(0, 16);
}

/** The name an `access` filter value ("team:slug", "group:slug") shows, from the page's lists; the slug if unknown. */
export function accessChoiceName(access: Pick<PageAccess, 'teams' | 'groups'>, value: string): string {
  const ref = parseAccessRef(value);
  const list = ref?.kind === 'team' ? access.teams : access.groups;
  return list.find((x) => x.slug === ref?.slug)?.name ?? ref?.slug ?? value;
}

export async function modelsPageAccess(
  db: Executor,
  filter: Pick<ModelWriteFilter, 'access'>,
  env: Env = process.env,
): Promise<PageAccess> {
  let declared: Declared;
  try {
    declared = loadAccessDeclarations(env);
  } catch (error) {
    if (!isRegistryError(error, 'config')) throw error;
    return {
      inUse: false,
      teams: [],
      groups: [],
      choicesKey: choicesKeyOf([], []),
      usable: filter.access ? usableSet([]) : undefined,
      whoCanUse: () => null,
      problem: error.message,
    };
  }
  const view = await accessView(db, declared);
  const ref = filter.access ? parseAccessRef(filter.access) : null;
  const teams = [...view.teams.values()].map(({ slug, name }) => ({ slug, name }));
  const groups = [...view.groups.values()].map(({ slug, name }) => ({ slug, name }));
  return {
    inUse: view.teams.size > 0 || view.groups.size > 1,
    teams,
    groups,
    choicesKey: choicesKeyOf(teams, groups),
    usable: ref ? usableSet(usableModels(view, ref)) : undefined,
    whoCanUse: (provider, modelId) => whoCanUse(view, qualifiedModelId(provider, modelId)),
    problem: null,
  };
}

/**
 * The WHERE clause of a filter: the page lists with it, and "bulk edit all matching" edits with the same one. An
 * `access` filter needs its usable set (usableSetOf), resolved by the caller.
 */
export function filterCondition(
  filter: ModelWriteFilter,
  now = new Date(),
  usable?: UsableSet,
): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.access) {
    if (!usable) throw new Error('an access filter is resolved first (usableSetOf)');
    conditions.push(
      usable.size === 0
        ? sql`false`
        : sql`(${models.provider}, ${models.modelId}) in (select p, m from jsonb_to_recordset(${usable.pairs}::jsonb) as u(p text, m text))`,
    );
  }
  if (filter.q) conditions.push(searchCondition(filter.q));
  if (filter.provider) conditions.push(eq(models.provider, filter.provider));
  if (filter.type) conditions.push(eq(models.type, filter.type));
  if (filter.status) conditions.push(eq(models.status, filter.status));
  if (filter.capability) conditions.push(sql`${filter.capability} = any(${models.capabilities})`);
  if (filter.deprecated === 'yes')
    conditions.push(
      sql`${models.deprecation} is not null and ${models.deprecation} <= ${now.toISOString()}::timestamptz + interval '30 days'`,
    );
  if (filter.deprecated === 'no')
    conditions.push(
      sql`(${models.deprecation} is null or ${models.deprecation} > ${now.toISOString()}::timestamptz + interval '30 days')`,
    );
  if (filter.retired === 'yes') conditions.push(isNotNull(models.retiredAt));
  if (filter.retired === 'no') conditions.push(isNull(models.retiredAt));
  if (filter.edited === 'yes')
    conditions.push(sql`(${models.statusSource} = 'admin' or cardinality(${models.overriddenFields}) > 0)`);
  if (filter.edited === 'no')
    conditions.push(sql`(${models.statusSource} <> 'admin' and cardinality(${models.overriddenFields}) = 0)`);
  if (filter.review === 'awaiting') conditions.push(awaitingReview());
  return and(...conditions);
}

/**
 * A search: the models whose id, name or one of whose aliases holds `q`, in any case. With a run of three letters or
 * digits in `q`, it is asked of the trigram index over models_search_text (migration 0018), which finds the few
 * rows a selective search matches without reading the rest. Without one (`9-l`, `ab`) pg_trgm has only padded
 * trigrams of one- or two-letter words, which nearly every model holds: the index would hand back every row to
 * check, slower than matching each row directly (233 ms against 127 at 100,000), so the fields are matched one by
 * one. Both say the same: the index's expression joins the fields with U+001F, which `q` cannot hold
 * (plainText refuses control characters), so a match never spans two fields, as it cannot here.
 */
function searchCondition(q: string): SQL | undefined {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (TRIGRAM_RUN.test(q))
    return sql`models_search_text(${models.modelId}, ${models.displayName}, ${models.aliases}) ilike ${like}`;
  return or(
    ilike(models.modelId, like),
    ilike(models.displayName, like),
    sql`array_to_string(${models.aliases}, chr(31)) ilike ${like}`,
  );
}

/**
 * Three letters or digits in a row: a trigram of a word that narrows the search. (pg_trgm's letters are the
 * database locale's; a database whose locale knows no non-ASCII letters reads such a search slower, not wrongly.)
 */
const TRIGRAM_RUN = /[\p{L}\p{N}]{3}/u;

/** What the page shows and how; the rest of a filter says which models match (and is what a bulk edit takes). */
export const VIEW_KEYS = ['sort', 'dir', 'group', 'page', 'perPage'] as const;
export type MatchingFilter = Omit<ModelFilter, (typeof VIEW_KEYS)[number]>;

/** The matching part of a page's filter: "bulk edit all matching" edits exactly these models. */
export function matchingFilter(filter: ModelFilter): MatchingFilter {
  const { sort: _s, dir: _d, group: _g, page: _p, perPage: _pp, ...matching } = filter;
  return matching;
}

const sortColumns: Record<ModelSort, SQL | PgColumn> = {
  name: models.displayName,
  id: models.modelId,
  provider: models.provider,
  type: models.type,
  status: models.status,
  context: models.contextLength,
  price: models.inputPricePerMtok,
  deprecation: models.deprecation,
  updated: models.updatedAt,
};

/**
 * The group a model is listed in when the page groups: the ids of one model share the provider's group name
 * (Mistral's `name` is the dated model its aliases serve: `mistral-large-latest` and `mistral-large-2512` both
 * carry `mistral-large-2512`); a model without one is its own group. The group's own id comes first.
 */
const groupKey = sql<string>`coalesce(${models.groupName}, ${models.modelId})`;

/**
 * ORDER BY of a page: the chosen column (unknown values last either way), then the id and its provider (the two
 * are unique together), so pages never overlap, whichever end a page is read from.
 * Grouped, each group sorts by its best member's value and keeps its members together, the group's own id first.
 * `reverse`: the same order read from its end (unknown values first), for a page past the middle (pageIds); a
 * grouped page is always cut from its whole order (groupedOrder).
 */
function orderOf(filter: ModelFilter, walkIndex: boolean, reverse = false): SQL[] {
  if (reverse && filter.group === 'yes')
    throw new Error('a grouped order is cut from its whole (groupedOrder)');
  // `|| ''` orders exactly as the column does but hides the name index from the planner: see pageIds.
  const column =
    filter.sort === 'name' && !walkIndex ? sql`(${models.displayName} || '')` : sortColumns[filter.sort];
  const dir = sql.raw((filter.dir === 'desc') !== reverse ? 'desc' : 'asc');
  const nulls = sql.raw(reverse ? 'nulls first' : 'nulls last');
  const byId = reverse
    ? [desc(models.modelId), desc(models.provider)]
    : [asc(models.modelId), asc(models.provider)];
  if (filter.group !== 'yes') return [sql`${column} ${dir} ${nulls}`, ...byId];
  const best = filter.dir === 'desc' ? sql.raw('max') : sql.raw('min');
  return [
    sql`${best}(${column}) over (partition by ${models.provider}, ${groupKey}) ${dir} nulls last`,
    asc(models.provider),
    sql`${groupKey} asc`,
    sql`(${models.modelId} <> ${groupKey}) asc`,
    ...byId,
  ];
}

/**
 * Every matching id in a grouped page's order. Each group sorts by its best member, so every matching row is
 * sorted before any page can be cut: at 100,000 models about 400 ms a query whichever the page (a sort of 100,000
 * names, then a window over them). So the whole order is kept per revision and view: the next page, and each
 * viewer of the same view, is a slice of it. At most 8 views are kept (100,000 ids take 400 kB).
 */
const groupedOrder = keptPerRevision(
  async (db: Executor, filter: ModelFilter, now: Date, usable: UsableSet | undefined) => {
    const rows = await db
      .select({ id: models.id })
      .from(models)
      .where(filterCondition(filter, now, usable))
      .orderBy(...orderOf(filter, false));
    return Int32Array.from(rows, (r) => r.id);
  },
  (filter, now, usable) => matchingKey(matchingFilter(filter), now, usable, [filter.sort, filter.dir]),
  8,
);

/**
 * How many models match a filter: a scan of every row at 100,000 models, so kept per revision and matching filter
 * (paging, sorting and every viewer of the same filter reuse it). A filter on deprecation depends on the time too:
 * its count is kept for the minute.
 */
const countMatching = keptPerRevision(
  async (db: Executor, filter: MatchingFilter, now: Date, usable: UsableSet | undefined) => {
    const [counted] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(models)
      .where(filterCondition(filter, now, usable));
    return counted?.n ?? 0;
  },
  (filter, now, usable) => matchingKey(filter, now, usable),
  200,
);

/**
 * What a kept derivation of a filter's matches is kept under: the filter, and what else decides them — the minute
 * for a filter on deprecation, the usable set for an access filter — and `view`, what else the derivation reads.
 */
function matchingKey(filter: MatchingFilter, now: Date, usable: UsableSet | undefined, view: unknown[] = []) {
  return JSON.stringify([
    filter,
    filter.deprecated ? Math.floor(now.getTime() / 60_000) : null,
    filter.access ? usable?.key : null,
    ...view,
  ]);
}

/** One page of models. `usable`: the set the filter's `access` names (usableSetOf), when it names one. */
export async function listModels(db: Executor, filter: ModelFilter, now = new Date(), usable?: UsableSet) {
  const where = filterCondition(filter, now, usable);
  const total = await countMatching(db, matchingFilter(filter), now, usable);
  const pageCount = Math.max(1, Math.ceil(total / filter.perPage));
  const page = Math.min(filter.page, pageCount);
  const offset = (page - 1) * filter.perPage;
  const ids =
    filter.group === 'yes'
      ? [...(await groupedOrder(db, filter, now, usable)).subarray(offset, offset + filter.perPage)]
      : await pageIds(db, filter, where, total, offset);
  if (ids.length === 0) return { rows: [], total, page, pageCount };
  // Each row's own newest audit event, as a lateral join, for the page's rows only: with a join the outer query
  // renders every column qualified ("models"."provider"), where a raw correlated subquery in a one-table select
  // would read its bare `provider` as model_events' own column and compare the event with itself.
  const lastEvent = db
    .select({ actor: modelEvents.actor, at: modelEvents.createdAt })
    .from(modelEvents)
    .where(and(eq(modelEvents.provider, models.provider), eq(modelEvents.modelId, models.modelId)))
    .orderBy(desc(modelEvents.id))
    .limit(1)
    .as('last_event');
  const found = await db
    .select({
      ...existingModelColumns,
      statusSetAt: models.statusSetAt,
      inputPricePerMtok: models.inputPricePerMtok,
      outputPricePerMtok: models.outputPricePerMtok,
      isDefault: models.isDefault,
      awaitingReviewSince: models.awaitingReviewSince,
      updatedAt: models.updatedAt,
      groupKey,
      lastChangedBy: lastEvent.actor,
      lastChangedAt: lastEvent.at,
    })
    .from(models)
    .leftJoinLateral(lastEvent, sql`true`)
    .where(inArray(models.id, ids));
  const byId = new Map(found.map((row) => [row.id, row]));
  // In the page's order; a row deleted between the two reads is left out.
  const rows = ids.flatMap((id) => byId.get(id) ?? []);
  return { rows, total, page, pageCount };
}

/**
 * The ids of one page in order: the order, the offset and the limit over the matching rows alone (a sort by price
 * at 100,000 models reads two columns of each, not every column and its newest event); listModels then reads those
 * rows whole. A page past the middle is read from the other end of the same order and turned around: the last page
 * of 100,000 sorted by context is the first 50 of the reverse order (a top-50 sort, ~50 ms), not a sort of all
 * 100,000 to skip 99,950 (~220 ms).
 */
async function pageIds(
  db: Executor,
  filter: ModelFilter,
  where: SQL | undefined,
  total: number,
  offset: number,
) {
  // Not for a filter on deprecation: its count is kept for the minute while the page is read at the second, so
  // the two ends could disagree on where the middle is.
  const reverse = !filter.deprecated && offset + filter.perPage / 2 > total / 2;
  const start = reverse ? Math.max(0, total - offset - filter.perPage) : offset;
  const count = reverse ? total - offset - start : filter.perPage;
  if (count <= 0) return [];
  // Sorted by name, Postgres may walk the name index and stop after the page — fast when the filter matches many
  // models, a walk of every row when it matches few (it cannot tell from a search's pattern). The count says which:
  // with fewer than ten times the rows up to this page's end, a scan and a sort of the matches is the cheaper plan.
  const walkIndex = total >= 10 * (start + count);
  const ids = (
    await db
      .select({ id: models.id })
      .from(models)
      .where(where)
      .orderBy(...orderOf(filter, walkIndex, reverse))
      .limit(count)
      .offset(start)
  ).map((r) => r.id);
  return reverse ? ids.reverse() : ids;
}

/** Providers a manual model may belong to. */
export async function listProviderIds(db: Executor): Promise<string[]> {
  return (await db.select({ id: providers.id }).from(providers).orderBy(providers.id)).map((p) => p.id);
}

/** Distinct values the filter menus offer: each provider that has models by its id and name, and capabilities. */
/**
 * Which providers and capabilities the registry's models have: derived from every row, so kept per revision
 * (revision.ts) — at 100,000 models two scans per page view would cost more than the page.
 */
const modelFacets = keptPerRevision(async (db: Executor) => {
  const [providerRows, capabilityRows] = await Promise.all([
    db.selectDistinct({ id: models.provider }).from(models).orderBy(models.provider),
    db.execute(sql`select distinct unnest(capabilities) as capability from models order by 1`),
  ]);
  return {
    providerIds: providerRows.map((r) => r.id),
    capabilities: rowsOf<{ capability: string }>(capabilityRows).map((r) => r.capability),
  };
});

/** The filter bar's choices: the providers models come from (by their current names) and the capabilities. */
export async function filterOptions(db: Executor) {
  const [facets, names] = await Promise.all([
    modelFacets(db),
    db.select({ id: providers.id, name: providers.displayName }).from(providers),
  ]);
  const nameOf = new Map(names.map((p) => [p.id, p.name]));
  return {
    providers: facets.providerIds.map((id) => ({ id, name: nameOf.get(id) ?? id })),
    capabilities: facets.capabilities,
  };
}

export async function modelHistory(
  db: Executor,
  modelPk: number,
): Promise<{
  model: { provider: string; modelId: string; displayName: string } | null;
  events: ModelEvent[];
}> {
  const [model] = await db
    .select({ provider: models.provider, modelId: models.modelId, displayName: models.displayName })
    .from(models)
    .where(eq(models.id, modelPk));
  if (!model) return { model: null, events: [] };
  const events = await db
    .select()
    .from(modelEvents)
    .where(and(eq(modelEvents.provider, model.provider), eq(modelEvents.modelId, model.modelId)))
    .orderBy(desc(modelEvents.id))
    .limit(500);
  return { model, events };
}
