// HTTP for the consumer API and health: Web Request in, Response out, so the Next route handlers stay one line
// and tests can serve the very same functions from a plain node:http server.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import { schemaStatus } from '../../db/migrate';
import { clientAddress, peerAddressHeaderTrusted, trustedProxyCount } from '../auth/client-address';
import { identifyCaller } from '../registry/access/callers';
import { loadAccessDeclarations } from '../registry/access/declared';
import { accessView } from '../registry/access/members';
import {
  type Caller,
  type CallerView,
  callerView,
  seesEverything,
  teamKeyViewKey,
} from '../registry/access/views';
import { isModelId } from '../registry/model/fields';
import {
  deprecationHeaders,
  findOfferedModel,
  ifNoneMatchHits,
  offeredListBody,
  parseModelType,
  parseProviderFilter,
  viewedListBody,
} from '../registry/reads/consumer';
import { lastSeedRun } from '../registry/reads/seed-runs';
import { countModels } from '../registry/sync/deploy-check';
import type { Env } from '../registry/types';
import { apiError, json } from './responses';

export type ApiDeps = {
  db: () => Promise<Database>;
  /** REGISTRY_API_TOKEN: a platform key (sees every offered model); when set, the API answers only with a key. */
  token?: string;
  /** CONSUMER_API_ACCESS and ACCESS_PATH are read from here (default: process.env). */
  env?: Env;
};

/** The client a key attempt comes from, as the sign-in limit reads it (null when it cannot be told). */
function addressOf(request: Request, env: Env): string | null {
  try {
    return clientAddress(request.headers, trustedProxyCount(env), peerAddressHeaderTrusted(env));
  } catch {
    return null; // a bad AUTH_TRUSTED_PROXIES stops the start; here the attempt is simply not attributed
  }
}

/** Who is asking (access/callers.ts), or the refusal as a response. */
export async function callerOf(request: Request, deps: ApiDeps): Promise<Caller | Response> {
  const env = deps.env ?? process.env;
  const answer = await identifyCaller(
    {
      authorization: request.headers.get('authorization'),
      queryNames: [...new URL(request.url).searchParams.keys()],
      address: addressOf(request, env),
    },
    { db: deps.db, env, token: deps.token },
  );
  if ('caller' in answer) return answer.caller;
  const { status, code, message, retryAfter } = answer.refused;
  const headers: Record<string, string> =
    status === 401
      ? { 'WWW-Authenticate': 'Bearer realm="model-registry"' }
      : retryAfter
        ? { 'Retry-After': String(retryAfter) }
        : {};
  return apiError(status, message, code, headers);
}

type View =
  | { ok: true; everything: true }
  | {
      ok: true;
      everything: false;
      /** The view's ids (absent where they were not needed to answer: a team key's own list). */
      ids?: ReadonlySet<string>;
      key: string;
      /** The ids again, as of now: what a list kept under the revision it reads first must be built from. */
      idsNow: () => Promise<ReadonlySet<string>>;
    }
  | Extract<CallerView, { ok: false }>;

/**
 * The caller's view: every offered model, or a team's (the groups resolved once per revision), or a refusal.
 * `lazy`: the list, which needs no ids up front where nothing can be refused (a team key asking for no other team).
 */
async function viewOf(
  request: Request,
  deps: ApiDeps,
  db: Database,
  caller: Caller,
  lazy: boolean,
): Promise<View> {
  // An empty ?team= is no team, as an empty ?type= is no type.
  const team = new URL(request.url).searchParams.get('team') || null;
  if (seesEverything(caller, team)) return { ok: true, everything: true };
  const declared = loadAccessDeclarations(deps.env ?? process.env);
  const resolve = async () => callerView(await accessView(db, declared), caller, team);
  const idsNow = async () => {
    const now = await resolve();
    return now.ok && now.ids ? now.ids : new Set<string>();
  };
  if (lazy && caller.kind === 'key' && team === null) {
    return {
      ok: true,
      everything: false,
      key: `${declared.fingerprint}:${teamKeyViewKey(caller.key)}`,
      idsNow,
    };
  }
  const view = await resolve();
  if (!view.ok) return view;
  if (view.ids === null) return { ok: true, everything: true };
  return { ok: true, everything: false, ids: view.ids, key: `${declared.fingerprint}:${view.key}`, idsNow };
}

function cacheHeaders(caller: Caller): Record<string, string> {
  // Clients and caches may keep it but must revalidate every time (cheap: a 304 when nothing changed). What a
  // caller sees depends on its key, so every answer varies by Authorization.
  return caller.kind === 'anyone'
    ? { 'Cache-Control': 'public, no-cache', Vary: 'Authorization' }
    : { 'Cache-Control': 'private, no-cache', Vary: 'Authorization' };
}

function notOffered(id: string): Response {
  return apiError(
    404,
    `The model '${id.slice(0, 200)}' does not exist or is not offered.`,
    'model_not_found',
    {
      'Cache-Control': 'no-cache',
    },
  );
}

/** `work`'s answer, or a 503 naming an error id the server log has (never the error itself). */
export async function guarded(work: () => Promise<Response>): Promise<Response> {
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

/** GET /api/v1/models[?type=chat][&provider=openai][&team=SLUG] */
export function listModelsResponse(request: Request, deps: ApiDeps): Promise<Response> {
  return guarded(async () => {
    const caller = await callerOf(request, deps);
    if (caller instanceof Response) return caller;
    const db = await deps.db();
    const query = new URL(request.url).searchParams;
    const type = parseModelType(query.get('type'));
    if (typeof type === 'object') return apiError(400, type.error, 'invalid_type');
    const provider = await parseProviderFilter(db, query.get('provider'), deps.env ?? process.env);
    if (typeof provider === 'object') return apiError(400, provider.error, 'invalid_provider');
    const view = await viewOf(request, deps, db, caller, true);
    if (!view.ok) return apiError(view.status, view.message, view.code);
    const { body, etag } = view.everything
      ? await offeredListBody(db, { type, provider })
      : await viewedListBody(db, { type, provider }, view.key, view.idsNow);
    const headers = { ETag: etag, ...cacheHeaders(caller) };
    if (ifNoneMatchHits(request.headers.get('if-none-match'), etag)) {
      return new Response(null, { status: 304, headers });
    }
    return json(200, body, headers);
  });
}

/**
 * GET /api/v1/models/{id}, `id` percent-decoded once (`openai%2Fgpt-4o` and `openai/gpt-4o` are one id): 404 for
 * anything not offered (inactive, retired, unknown) and for anything outside the caller's view, in the same words:
 * a caller cannot learn that a model it may not use exists.
 */
export function getModelResponse(request: Request, id: string, deps: ApiDeps): Promise<Response> {
  return guarded(async () => {
    const caller = await callerOf(request, deps);
    if (caller instanceof Response) return caller;
    const db = await deps.db();
    const view = await viewOf(request, deps, db, caller, false);
    if (!view.ok) return apiError(view.status, view.message, view.code);
    // An id that breaks the registry's model-id rule names no model: no query for it.
    const model = isModelId(id) ? await findOfferedModel(db, id) : null;
    if (!model || (!view.everything && !view.ids?.has(model.id))) return notOffered(id);
    const origin = new URL(request.url).origin;
    return json(200, model, { ...cacheHeaders(caller), ...deprecationHeaders(model, origin) });
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
