// The global audit log: model events across every model, account events and access events (API keys), newest first, filtered by actor
// (exact or prefix), action, provider (models only) and a range of UTC days, paged by id (keyset: the primary key's
// index walks the pages, whatever the log's length). Filters come from the URL: what does not parse is ignored.
import { and, asc, desc, eq, gt, gte, like, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Executor } from '../../../db/client';
import {
  ACCESS_EVENT_ACTIONS,
  ACCOUNT_EVENT_ACTIONS,
  type AccessEvent,
  type AccountEvent,
  accessEvents,
  accountEvents,
  MODEL_EVENT_ACTIONS,
  type ModelEvent,
  modelEvents,
  models,
} from '../../../db/schema';
import { plainText, providerIdSchema } from '../model/fields';

const AUDIT_PAGE_SIZE = 50;
const AUDIT_LOGS = ['models', 'accounts', 'access'] as const;

/** The actions each log records: a filter's action must be one of its log's. */
export const LOG_ACTIONS = {
  models: MODEL_EVENT_ACTIONS,
  accounts: ACCOUNT_EVENT_ACTIONS,
  access: ACCESS_EVENT_ACTIONS,
} as const;

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .regex(DAY)
  .refine((text) => {
    // A real calendar day: 2026-02-30 is refused, not rolled over into March.
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  });
const cursor = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const auditFilterSchema = z.object({
  log: z.enum(AUDIT_LOGS).catch('models'),
  /** `admin:ada@example.com` is exact; `admin:` or `cli` match every actor starting with it. */
  actor: lenient(plainText().trim().min(1).max(300)),
  action: lenient(z.enum([...MODEL_EVENT_ACTIONS, ...ACCOUNT_EVENT_ACTIONS, ...ACCESS_EVENT_ACTIONS])),
  provider: lenient(providerIdSchema),
  /** UTC days, both included. */
  from: lenient(day),
  to: lenient(day),
  /** Keyset paging: events older than this id, or newer than this one. */
  before: lenient(cursor),
  after: lenient(cursor),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** URL search params → the filter to show. A value that does not parse (or belongs to the other log) is dropped. */
export function parseAuditFilter(params: Record<string, string | string[] | undefined>): AuditFilter {
  const flat = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]),
  );
  const filter = auditFilterSchema.parse(flat);
  const actions: readonly string[] = LOG_ACTIONS[filter.log];
  const cleaned: AuditFilter = {
    ...filter,
    action: filter.action && actions.includes(filter.action) ? filter.action : undefined,
    provider: filter.log === 'models' ? filter.provider : undefined,
  };
  return Object.fromEntries(Object.entries(cleaned).filter(([, v]) => v !== undefined)) as AuditFilter;
}

export type AuditPage<Row> = {
  rows: Row[];
  /** The cursor for `?before=` (older events), or null on the last page. */
  older: number | null;
  /** The cursor for `?after=` (newer events), or null on the newest page. */
  newer: number | null;
};

type Columns = { id: PgColumn; actor: PgColumn; action: PgColumn; createdAt: PgColumn };

function conditions(table: Columns, filter: AuditFilter): (SQL | undefined)[] {
  const next = (text: string) => new Date(new Date(`${text}T00:00:00Z`).getTime() + 86_400_000);
  return [
    filter.actor ? like(table.actor, `${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    filter.action ? eq(table.action, filter.action) : undefined,
    filter.from ? gte(table.createdAt, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(table.createdAt, next(filter.to)) : undefined,
  ];
}

/**
 * One page by id: `before` reads down from a cursor, `after` reads up from one (then flips the rows), the newest
 * page reads down from the top. One extra row says whether there is a page beyond.
 */
async function page<Row extends { id: number }>(
  filter: AuditFilter,
  size: number,
  id: PgColumn,
  read: (where: SQL | undefined, order: SQL, limit: number) => Promise<Row[]>,
  where: (SQL | undefined)[],
): Promise<AuditPage<Row>> {
  const upward = filter.after !== undefined && filter.before === undefined;
  const keyset = upward
    ? gt(id, filter.after!)
    : filter.before !== undefined
      ? lt(id, filter.before)
      : undefined;
  const found = await read(and(...where, keyset), upward ? asc(id) : desc(id), size + 1);
  const beyond = found.length > size;
  const rows = found.slice(0, size);
  if (upward) rows.reverse();
  const first = rows[0]?.id ?? null;
  const last = rows.at(-1)?.id ?? null;
  return {
    rows,
    older: upward ? (rows.length > 0 ? last : null) : beyond ? last : null,
    newer: upward ? (beyond ? first : null) : filter.before !== undefined ? first : null,
  };
}

export type ModelEventRow = Pick<
  ModelEvent,
  'id' | 'provider' | 'modelId' | 'actor' | 'action' | 'before' | 'after' | 'createdAt'
> & {
  /** The model's row id when it still exists (its history can be linked), else null. */
  currentModelPk: number | null;
};

export function listModelEvents(
  db: Executor,
  filter: AuditFilter,
  size = AUDIT_PAGE_SIZE,
): Promise<AuditPage<ModelEventRow>> {
  const where = [
    ...conditions(modelEvents, filter),
    filter.provider ? eq(modelEvents.provider, filter.provider) : undefined,
  ];
  return page(
    filter,
    size,
    modelEvents.id,
    (condition, order, limit) =>
      db
        .select({
          id: modelEvents.id,
          provider: modelEvents.provider,
          modelId: modelEvents.modelId,
          actor: modelEvents.actor,
          action: modelEvents.action,
          before: modelEvents.before,
          after: modelEvents.after,
          createdAt: modelEvents.createdAt,
          currentModelPk: models.id,
        })
        .from(modelEvents)
        .leftJoin(
          models,
          and(eq(models.provider, modelEvents.provider), eq(models.modelId, modelEvents.modelId)),
        )
        .where(condition)
        .orderBy(order)
        .limit(limit),
    where,
  );
}

export type AccountEventRow = Pick<
  AccountEvent,
  'id' | 'email' | 'actor' | 'action' | 'before' | 'after' | 'createdAt'
>;

export function listAccountEvents(
  db: Executor,
  filter: AuditFilter,
  size = AUDIT_PAGE_SIZE,
): Promise<AuditPage<AccountEventRow>> {
  return page(
    filter,
    size,
    accountEvents.id,
    (condition, order, limit) =>
      db
        .select({
          id: accountEvents.id,
          email: accountEvents.email,
          actor: accountEvents.actor,
          action: accountEvents.action,
          before: accountEvents.before,
          after: accountEvents.after,
          createdAt: accountEvents.createdAt,
        })
        .from(accountEvents)
        .where(condition)
        .orderBy(order)
        .limit(limit),
    conditions(accountEvents, filter),
  );
}

export type AccessEventRow = Pick<
  AccessEvent,
  'id' | 'subject' | 'actor' | 'action' | 'before' | 'after' | 'createdAt'
>;

export function listAccessEvents(
  db: Executor,
  filter: AuditFilter,
  size = AUDIT_PAGE_SIZE,
): Promise<AuditPage<AccessEventRow>> {
  return page(
    filter,
    size,
    accessEvents.id,
    (condition, order, limit) =>
      db
        .select({
          id: accessEvents.id,
          subject: accessEvents.subject,
          actor: accessEvents.actor,
          action: accessEvents.action,
          before: accessEvents.before,
          after: accessEvents.after,
          createdAt: accessEvents.createdAt,
        })
        .from(accessEvents)
        .where(condition)
        .orderBy(order)
        .limit(limit),
    conditions(accessEvents, filter),
  );
}
