// The consumer API: which models the rest of the platform may offer. OpenAI-compatible (`models.list()` works
// unchanged) plus the registry's own fields; never prices, audit data or anything admin-only.
//
// Caching: a trigger bumps registry_state.models_revision in every transaction that writes `models`. A request
// reads the revision (one primary-key lookup), and only when it moved re-reads the list, re-serialises it and
// re-hashes it. The revision is read BEFORE the list, so a cached body is never older than its revision: the next
// request after any commit, in any process, sees the change. The ETag is the hash of the body, so it changes
// exactly when the list does (a price edit bumps the revision but leaves the ETag alone).
import { createHash, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { models, registryState } from '../../db/schema';
import { isModelId } from './fields';
import { MODEL_TYPES, type ModelType } from './types';

export type ApiModel = {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  display_name: string;
  description: string | null;
  type: string;
  context_length: number | null;
  capabilities: string[];
  aliases: string[];
  deprecation: { date: string; replacement: string | null } | null;
  is_default: boolean;
};

const columns = {
  modelId: models.modelId,
  provider: models.provider,
  createdAt: models.createdAt,
  displayName: models.displayName,
  description: models.description,
  type: models.type,
  contextLength: models.contextLength,
  capabilities: models.capabilities,
  aliases: models.aliases,
  deprecation: models.deprecation,
  deprecationReplacement: models.deprecationReplacement,
  isDefault: models.isDefault,
};

function toApiModel(row: {
  modelId: string;
  provider: string;
  createdAt: Date;
  displayName: string;
  description: string | null;
  type: string;
  contextLength: number | null;
  capabilities: string[];
  aliases: string[];
  deprecation: Date | null;
  deprecationReplacement: string | null;
  isDefault: boolean;
}): ApiModel {
  return {
    id: row.modelId,
    object: 'model',
    created: Math.floor(row.createdAt.getTime() / 1000),
    owned_by: row.provider,
    display_name: row.displayName,
    description: row.description,
    type: row.type,
    context_length: row.contextLength,
    capabilities: row.capabilities,
    aliases: row.aliases,
    deprecation: row.deprecation
      ? { date: row.deprecation.toISOString(), replacement: row.deprecationReplacement }
      : null,
    is_default: row.isDefault,
  };
}

/** What clients may use: active and not retired. The one definition, for the list and for single lookups. */
const offered = (): SQL => and(eq(models.status, 'active'), isNull(models.retiredAt)) as SQL;

async function listOfferedModels(db: Executor, type?: ModelType): Promise<ApiModel[]> {
  const rows = await db
    .select(columns)
    .from(models)
    .where(type ? and(offered(), eq(models.type, type)) : offered())
    .orderBy(asc(models.modelId), asc(models.provider));
  // A row stored before the model-id rule, with an id the API cannot serve (control characters), is not listed
  // either: what the list offers, GET /api/v1/models/{id} serves.
  return rows.filter((row) => isModelId(row.modelId)).map(toApiModel);
}

/** One offered model by id (or null: inactive, retired and unknown ids are all "not offered"). */
export async function findOfferedModel(db: Executor, id: string): Promise<ApiModel | null> {
  const [row] = await db
    .select(columns)
    .from(models)
    .where(and(offered(), eq(models.modelId, id)))
    .orderBy(asc(models.provider))
    .limit(1);
  return row ? toApiModel(row) : null;
}

async function modelsRevision(db: Executor): Promise<number> {
  const [row] = await db.select({ revision: registryState.modelsRevision }).from(registryState);
  return row?.revision ?? 0;
}

type Cached = { revision: number; body: string; etag: string };
const globalCache = globalThis as unknown as { registryListCache?: Map<string, Cached> };
globalCache.registryListCache ??= new Map();
const cache = globalCache.registryListCache;

/** The serialised list and its strong ETag, re-read only when the revision moved. */
export async function offeredListBody(
  db: Executor,
  type?: ModelType,
): Promise<{ body: string; etag: string }> {
  const revision = await modelsRevision(db);
  const key = type ?? '*';
  const hit = cache.get(key);
  if (hit && hit.revision === revision) return hit;
  const body = JSON.stringify({ object: 'list', data: await listOfferedModels(db, type) });
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  const entry = { revision, body, etag };
  // Keep the newest revision seen: a slow request must not replace a fresher entry with an older one.
  if (!hit || hit.revision < revision) cache.set(key, entry);
  return entry;
}

/** RFC 9110 If-None-Match: weak comparison, a list of tags, or `*`. */
export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

/** Bearer check in constant time (both sides hashed first, so lengths never leak either). */
export function bearerMatches(header: string | null, token: string): boolean {
  const match = /^Bearer[ ]+(.+)$/i.exec(header?.trim() ?? '');
  const given = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected) && match !== null;
}

export function parseModelType(value: string | null): ModelType | undefined | { error: string } {
  if (value === null || value === '') return undefined;
  if ((MODEL_TYPES as readonly string[]).includes(value)) return value as ModelType;
  return { error: `Unknown type "${value.slice(0, 40)}". Use one of: ${MODEL_TYPES.join(', ')}.` };
}
