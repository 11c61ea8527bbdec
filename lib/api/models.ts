// HTTP for the consumer API and health: Web Request in, Response out, so the Next route handlers stay one line
// and tests can serve the very same functions from a plain node:http server.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import { schemaStatus } from '../../db/migrate';
import { isModelId } from '../registry/model/fields';
import {
  bearerMatches,
  deprecationHeaders,
  findOfferedModel,
  ifNoneMatchHits,
  offeredListBody,
  parseModelType,
  parseProviderFilter,
} from '../registry/reads/consumer';
import { lastSeedRun } from '../registry/reads/seed-runs';
import { countModels } from '../registry/sync/deploy-check';
import { apiError, json } from './responses';

export type ApiDeps = {
  db: () => Promise<Database>;
  /** REGISTRY_API_TOKEN: when set, a matching `Authorization: Bearer` is required. */
  token?: string;
};

function cacheHeaders(deps: ApiDeps): Record<string, string> {
  // Clients and caches may keep it but must revalidate every time (cheap: a 304 when nothing changed).
  return deps.token
    ? { 'Cache-Control': 'private, no-cache', Vary: 'Authorization' }
    : { 'Cache-Control': 'public, no-cache' };
}

function unauthorized(request: Request, deps: ApiDeps): Response | null {
  if (!deps.token) return null;
  if (bearerMatches(request.headers.get('authorization'), deps.token)) return null;
  return apiError(401, 'A valid "Authorization: Bearer <token>" header is required.', 'invalid_api_key', {
    'WWW-Authenticate': 'Bearer realm="model-registry"',
  });
}

async function guarded(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    const id = randomUUID().slice(0, 8);
    console.error(`consumer API failed [${id}]`, error);
    return apiError(
      503,
      `The model registry is unavailable right now (error ${id}). Retry shortly.`,
      'unavailable',
      {
        'Retry-After': '5',
        'Cache-Control': 'no-store',
      },
    );
  }
}

/** GET /api/v1/models[?type=chat][&provider=openai] */
export function listModelsResponse(request: Request, deps: ApiDeps): Promise<Response> {
  return guarded(async () => {
    const denied = unauthorized(request, deps);
    if (denied) return denied;
    const query = new URL(request.url).searchParams;
    const type = parseModelType(query.get('type'));
    if (typeof type === 'object') return apiError(400, type.error, 'invalid_type');
    const db = await deps.db();
    const provider = await parseProviderFilter(db, query.get('provider'), process.env);
    if (typeof provider === 'object') return apiError(400, provider.error, 'invalid_provider');
    const { body, etag } = await offeredListBody(db, { type, provider });
    const headers = { ETag: etag, ...cacheHeaders(deps) };
    if (ifNoneMatchHits(request.headers.get('if-none-match'), etag)) {
      return new Response(null, { status: 304, headers });
    }
    return json(200, body, headers);
  });
}

/**
 * GET /api/v1/models/{id}, `id` percent-decoded once (`openai%2Fgpt-4o` and `openai/gpt-4o` are one id): 404 for
 * anything not offered (inactive, retired, unknown): the server refuses it.
 */
export function getModelResponse(request: Request, id: string, deps: ApiDeps): Promise<Response> {
  return guarded(async () => {
    const denied = unauthorized(request, deps);
    if (denied) return denied;
    // An id that no model can have (too long, control characters) is not looked up: it is simply not offered.
    // An id that breaks the registry's model-id rule names no model: no query for it.
    const model = isModelId(id) ? await findOfferedModel(await deps.db(), id) : null;
    if (!model) {
      return apiError(
        404,
        `The model '${id.slice(0, 200)}' does not exist or is not offered.`,
        'model_not_found',
        {
          'Cache-Control': 'no-cache',
        },
      );
    }
    const origin = new URL(request.url).origin;
    return json(200, model, { ...cacheHeaders(deps), ...deprecationHeaders(model, origin) });
  });
}

export type Health = {
  status: 'ok' | 'unavailable';
  database: 'reachable' | 'unreachable';
  migrations: { current: boolean; applied: number; pending: number } | null;
  models: number | null;
  /** Outcome, trigger and time only: a run's error stays in seed_runs (for admins), never on this open endpoint. */
  lastSeedRun: { outcome: string; trigger: string; startedAt: string } | null;
  error?: string;
};

/** GET /api/health: 200 when the database answers and the schema is current, else 503. Open to load balancers. */
export async function healthResponse(deps: ApiDeps): Promise<Response> {
  const headers = { 'Cache-Control': 'no-store' };
  try {
    const db = await deps.db();
    const [schema, count, last] = await Promise.all([
      schemaStatus(db),
      countModels(db).catch(() => null),
      lastSeedRun(db).catch(() => null),
    ]);
    const body: Health = {
      status: schema.migrated ? 'ok' : 'unavailable',
      database: 'reachable',
      migrations: { current: schema.migrated, applied: schema.applied, pending: schema.pending },
      models: count,
      lastSeedRun: last
        ? {
            outcome: last.outcome,
            trigger: last.trigger,
            startedAt: last.startedAt.toISOString(),
          }
        : null,
      ...(schema.migrated
        ? {}
        : { error: `${schema.pending} migration(s) pending: run npm run db:migrate.` }),
    };
    return json(schema.migrated ? 200 : 503, body, headers);
  } catch (error) {
    const id = randomUUID().slice(0, 8);
    console.error(`health check failed [${id}]`, error);
    const body: Health = {
      status: 'unavailable',
      database: 'unreachable',
      migrations: null,
      models: null,
      lastSeedRun: null,
      error: `The database did not answer (error ${id}; the server log has the cause).`,
    };
    return json(503, body, headers);
  }
}
