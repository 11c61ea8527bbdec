// The consumer API: which models the rest of the platform may offer. OpenAI-compatible (`models.list()` works
// unchanged) plus the registry's own fields and prices (`pricing`, with their source); never audit data, who set
// anything, or anything else admin-only.
//
// Caching: a trigger bumps registry_state.models_revision in every transaction that writes `models`. A request
// reads the revision (one primary-key lookup), and only when it moved re-reads the list, re-serialises it and
// re-hashes it. The revision is read BEFORE the list, so a cached body is never older than its revision: the next
// request after any commit, in any process, sees the change. The ETag is the hash of the body, so it changes
// exactly when the list does (prices are in the list: a price edit changes the ETag). Each filter (?type=,
// ?provider=) has its own entry, per database handle (keptPerRevision in revision.ts).
//
// Ids: one rule for every provider (model/qualified-id.ts): Mistral's bare, every other provider's `<provider>/<model_id>`,
// aliases and deprecation replacements likewise. Reading an id back splits it on the providers the registry knows: the built-in ones and every
// provider it has models of.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../../db/client';
import { models } from '../../../db/schema';
import { RegistryError } from '../errors';
import { providerIdSchema } from '../model/fields';
import { livePrice, PRICE_UNIT } from '../model/prices';
import { qualifiedModelId, resolveModelRef } from '../model/qualified-id';
import { offered, servedByApi } from '../model/row';
import { BUILT_IN_PROVIDER_IDS, registryProviderIds } from '../providers/ids';
import { providerSetup } from '../providers/registry';
import { keptPerRevision } from '../revision';
import { type Env, MODEL_TYPES, type ModelType } from '../types';
import { type apiModelSchema, listQuerySchema } from './consumer-schema';

export type ApiModel = z.output<typeof apiModelSchema>;

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
  inputPricePerMtok: models.inputPricePerMtok,
  outputPricePerMtok: models.outputPricePerMtok,
  priceSource: models.priceSource,
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
  inputPricePerMtok: string | null;
  outputPricePerMtok: string | null;
  priceSource: string | null;
}): ApiModel {
  const price = livePrice(row);
  return {
    id: qualifiedModelId(row.provider, row.modelId),
    object: 'model',
    created: Math.floor(row.createdAt.getTime() / 1000),
    owned_by: row.provider,
    provider: row.provider,
    display_name: row.displayName,
    description: row.description,
    type: row.type,
    context_length: row.contextLength,
    capabilities: row.capabilities,
    aliases: row.aliases.map((alias) => qualifiedModelId(row.provider, alias)),
    deprecation: row.deprecation
      ? {
          date: row.deprecation.toISOString(),
          replacement:
            row.deprecationReplacement === null
              ? null
              : qualifiedModelId(row.provider, row.deprecationReplacement),
        }
      : null,
    is_default: row.isDefault,
    pricing: {
      input: price.input === null ? null : Number(price.input),
      output: price.output === null ? null : Number(price.output),
      unit: PRICE_UNIT,
      source: price.source,
    },
  };
}

/** The list's filters; each has its own cache entry. */
export type ListFilter = { type?: ModelType; provider?: string };

/** The offered models as the list serves them, in its order (by id), read afresh: for readers that keep their own. */
export async function listOfferedModels(db: Executor, filter: ListFilter = {}): Promise<ApiModel[]> {
  const conditions = [offered()];
  if (filter.type) conditions.push(eq(models.type, filter.type));
  if (filter.provider) conditions.push(eq(models.provider, filter.provider));
  const [rows, known] = await Promise.all([
    db
      .select(columns)
      .from(models)
      .where(and(...conditions)),
    registryProviderIds(db),
  ]);
  // What the list offers, GET /api/v1/models/{id} serves (model/row.ts `servedByApi`).
  const served = rows.filter((row) => servedByApi(row, known));
  // Sorted by id in code-point order: the same on every engine and collation.
  return served.map(toApiModel).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** One offered model by its API id (or null: inactive, retired and unknown ids are all "not offered"). */
export async function findOfferedModel(db: Executor, id: string): Promise<ApiModel | null> {
  const { provider, modelId } = resolveModelRef(id, await registryProviderIds(db));
  const [row] = await db
    .select(columns)
    .from(models)
    .where(and(offered(), eq(models.provider, provider), eq(models.modelId, modelId)))
    .limit(1);
  return row ? toApiModel(row) : null;
}

/** A list's body and its strong ETag: the body's hash, so it changes exactly when the list does. */
function serialised(data: ApiModel[]): { body: string; etag: string } {
  const body = JSON.stringify({ object: 'list', data });
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
}

/**
 * The serialised list and its strong ETag, kept per revision (revision.ts) and per filter: re-read only when the
 * revision moved. Both parts of a filter are validated (a model type, a known provider id), so the entries are few.
 */
const offeredList = keptPerRevision(
  async (db: Executor, filter: ListFilter) => {
    return serialised(await listOfferedModels(db, filter));
  },
  (filter) => `${filter.type ?? '*'} ${filter.provider ?? '*'}`,
  200,
);

export async function offeredListBody(
  db: Executor,
  filter: ListFilter = {},
): Promise<{ body: string; etag: string }> {
  return offeredList(db, filter);
}

/**
 * The list one view may see (a team's models, access/views.ts): the offered list kept to the ids `idsOf` gives,
 * kept per revision, per filter and per `viewKey` like the whole list. The ids are asked for inside, after the
 * revision is read, so a kept body is never older than the revision it is kept under. Its ETag is its own body's
 * hash, so a grant change moves it for the views it changes and for no other.
 */
const viewedList = keptPerRevision(
  async (db: Executor, filter: ListFilter, _viewKey: string, idsOf: () => Promise<ReadonlySet<string>>) => {
    const [ids, offeredModels] = await Promise.all([idsOf(), listOfferedModels(db, filter)]);
    return serialised(offeredModels.filter((model) => ids.has(model.id)));
  },
  (filter, viewKey) => `${filter.type ?? '*'} ${filter.provider ?? '*'} ${viewKey}`,
  1000,
);

export async function viewedListBody(
  db: Executor,
  filter: ListFilter,
  viewKey: string,
  idsOf: () => Promise<ReadonlySet<string>>,
): Promise<{ body: string; etag: string }> {
  return viewedList(db, filter, viewKey, idsOf);
}

/**
 * What GET /api/v1/models/{id} of a deprecated model says in headers: `Deprecation` (RFC 9745, a structured-field
 * date), `Sunset` (RFC 8594, an HTTP-date, the same instant) and, when the provider names a replacement, a
 * `Link` to it with rel="successor-version". Nothing for a model without a deprecation date.
 */
export function deprecationHeaders(model: ApiModel, origin: string): Record<string, string> {
  if (!model.deprecation) return {};
  const at = new Date(model.deprecation.date);
  const headers: Record<string, string> = {
    Deprecation: `@${Math.floor(at.getTime() / 1000)}`,
    Sunset: at.toUTCString(),
  };
  if (model.deprecation.replacement) {
    const path = `/api/v1/models/${encodeURIComponent(model.deprecation.replacement)}`;
    headers.Link = `<${origin}${path}>; rel="successor-version"`;
  }
  return headers;
}

/** RFC 9110 If-None-Match: weak comparison, a list of tags, or `*`. */
export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

export function parseModelType(value: string | null): ModelType | undefined | { error: string } {
  if (value === null || value === '') return undefined;
  const parsed = listQuerySchema.shape.type.safeParse(value);
  if (parsed.success) return parsed.data;
  return { error: `Unknown type "${value.slice(0, 40)}". Use one of: ${MODEL_TYPES.join(', ')}.` };
}

/**
 * This deployment's provider ids (built-in and PROVIDERS_PATH), read per request like every reader of
 * PROVIDERS_PATH. A file that cannot be read does not take the consumer API down (the doctor and every sync report
 * it): the built-in ids still count, and a declared provider with models is known from its models.
 */
function declaredProviderIds(env: Env): ReadonlySet<string> {
  try {
    return providerSetup(env).ids;
  } catch (error) {
    if (error instanceof RegistryError) return new Set(BUILT_IN_PROVIDER_IDS);
    throw error;
  }
}

/**
 * `?provider=`: a provider id the registry knows (built in, declared in PROVIDERS_PATH, or one it has models of);
 * anything else is refused naming the known ones.
 */
export async function parseProviderFilter(
  db: Executor,
  value: string | null,
  env: Env,
): Promise<string | undefined | { error: string }> {
  if (value === null || value === '') return undefined;
  const known = new Set([...declaredProviderIds(env), ...(await registryProviderIds(db))]);
  if (providerIdSchema.safeParse(value).success && known.has(value)) return value;
  return {
    error: `Unknown provider "${value.slice(0, 60)}". Use one of: ${[...known].sort().join(', ')}.`,
  };
}
