// The consumer API and health over real HTTP: the same handlers the Next routes call, served on 127.0.0.1.

import { execFile } from 'node:child_process';
import { eq, inArray, sql } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { Database, DbHandle } from '../db/client';
import { models } from '../db/schema';
import { getModelResponse, healthResponse, listModelsResponse } from '../lib/api/models';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import { updateModel } from '../lib/registry/changes/model-edit';
import { CATALOG_SOURCE } from '../lib/registry/lifecycle/price-catalog';
import { loadCatalog } from '../lib/registry/providers';
import { runSeed } from '../lib/registry/sync/run';
import { createTestDb, engine, type TestDb } from './support/db';
import { type Served, serveHandler } from './support/handler-server';
import { checkedAgainstOpenApi } from './support/openapi';

let testDb: TestDb;
let handle: DbHandle;
let open: Served;
let guarded: Served;
const TOKEN = 'consumer-token-0123456789';

function router(token?: string) {
  const deps = { db: async (): Promise<Database> => handle.db, token };
  return (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/models') return listModelsResponse(request, deps);
    if (path.startsWith('/api/v1/models/'))
      return getModelResponse(request, decodeURIComponent(path.slice('/api/v1/models/'.length)), deps);
    if (path === '/api/health') return healthResponse(deps);
    return Promise.resolve(new Response('not found', { status: 404 }));
  };
}

const list = async (query = '', init: RequestInit = {}) => {
  const response = await fetch(`${open.url}/api/v1/models${query}`, init);
  return { response, body: response.status === 200 ? await response.json() : await response.text() };
};
const ids = (body: { data: { id: string }[] }) => body.data.map((m) => m.id);

/** The real curl binary, run asynchronously: the server under test answers in this very process. */
function curl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '-m', '20', ...args], { encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}
const rowOf = async (modelId: string) => {
  const [row] = await handle.db.select().from(models).where(eq(models.modelId, modelId));
  if (!row) throw new Error(modelId);
  return row;
};

// Every answer either server gives is held against the published OpenAPI document.
const openRouter = checkedAgainstOpenApi(router());
const guardedRouter = checkedAgainstOpenApi(router(TOKEN));

beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open();
  open = await serveHandler(openRouter);
  guarded = await serveHandler(guardedRouter);
});
afterAll(async () => {
  await open?.close();
  await guarded?.close();
  await handle?.close();
  await testDb?.drop();
});
beforeEach(async () => {
  await handle.db.execute(sql`truncate model_events, seed_runs, models restart identity cascade`);
  await runSeed(handle.db, {
    trigger: 'cli',
    actor: 'cli',
    config: modelDefaults,
    sourceLabel: 'catalog',
    loadCatalog: () => loadCatalog({ source: 'catalog' }),
  });
});

describe(`consumer API on ${engine}`, () => {
  it('lists exactly the active, non-retired models, OpenAI-shaped, with prices but without audit data', async () => {
    await handle.db
      .update(models)
      .set({ inputPricePerMtok: '9.5', outputPricePerMtok: null, priceSource: 'admin' });
    const { response, body } = await list();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const active = await handle.db
      .select({ id: models.modelId })
      .from(models)
      .where(eq(models.status, 'active'));
    expect(ids(body).sort()).toEqual(active.map((r) => r.id).sort());
    expect(body.object).toBe('list');
    const large = body.data.find((m: { id: string }) => m.id === 'mistral-large-latest');
    expect(large).toMatchObject({
      object: 'model',
      owned_by: 'mistral',
      provider: 'mistral',
      display_name: 'Mistral Large (latest)',
      type: 'chat',
      is_default: false,
    });
    expect(typeof large.created).toBe('number');
    expect(Object.keys(large).sort()).toEqual(
      [
        'aliases',
        'capabilities',
        'context_length',
        'created',
        'deprecation',
        'description',
        'display_name',
        'id',
        'is_default',
        'object',
        'owned_by',
        'pricing',
        'provider',
        'type',
      ].sort(),
    );
    // An unknown side is null, never 0.
    expect(large.pricing).toEqual({ input: 9.5, output: null, unit: 'USD per 1M tokens', source: 'admin' });
    expect(JSON.stringify(body)).not.toMatch(
      /status_set|statusSetBy|overridden|provider_values|@example|actor/,
    );

    // A retired model is not offered even when active.
    await handle.db
      .update(models)
      .set({ retiredAt: new Date() })
      .where(eq(models.modelId, 'mistral-large-latest'));
    expect(ids((await list()).body)).not.toContain('mistral-large-latest');
  });

  it('filters by ?type= and refuses an unknown type with 400', async () => {
    await applyBulkEdit(handle.db, modelDefaults, {
      target: { kind: 'filter', filter: { type: 'embedding' } },
      changes: { status: 'active' },
      actor: 'admin:t@example.com',
    });
    const { body } = await list('?type=embedding');
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((m: { type: string }) => m.type === 'embedding')).toBe(true);
    const bad = await list('?type=%3Cscript%3E');
    expect(bad.response.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain('Unknown type');
  });

  it('serves a strong ETag, answers 304 while nothing changed, and a new list right after an edit', async () => {
    const first = await list();
    const etag = first.response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.response.headers.get('cache-control')).toBe('public, no-cache');
    const again = await fetch(`${open.url}/api/v1/models`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(
      (await fetch(`${open.url}/api/v1/models`, { headers: { 'If-None-Match': `W/${etag}` } })).status,
    ).toBe(304);

    // A price edit bumps the revision but not the list: same ETag.
    const codestral = await rowOf('codestral-2508');
    await updateModel(
      handle.db,
      modelDefaults,
      { id: codestral.id, version: codestral.version, inputPricePerMtok: '1' },
      'admin:t@example.com',
    );
    expect((await list()).response.headers.get('etag')).toBe(etag);

    // Activating a model changes the list and the ETag at once.
    await updateModel(
      handle.db,
      modelDefaults,
      { id: codestral.id, version: codestral.version + 1, status: 'active' },
      'admin:t@example.com',
    );
    const after = await fetch(`${open.url}/api/v1/models`, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(ids(await after.json())).toContain('codestral-2508');
  });

  it('sees a write made by another connection at once (no stale window across processes)', async () => {
    const before = await list();
    expect(ids(before.body)).not.toContain('devstral-medium-2507');
    if (engine === 'postgres') {
      const postgres = (await import('postgres')).default;
      const other = postgres(testDb.env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
      await other`update models set status = 'active' where model_id = 'devstral-medium-2507'`;
      await other.end();
    } else {
      await handle.db.execute(
        sql`update models set status = 'active' where model_id = 'devstral-medium-2507'`,
      );
    }
    const after = await list();
    expect(ids(after.body)).toContain('devstral-medium-2507');
    expect(after.response.headers.get('etag')).not.toBe(before.response.headers.get('etag'));
  });

  it('serves one offered model, and 404 for inactive, retired and unknown ids', async () => {
    const ok = await fetch(`${open.url}/api/v1/models/mistral-large-latest`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: 'mistral-large-latest', object: 'model' });
    expect((await rowOf('devstral-medium-2507')).status).toBe('inactive');
    for (const id of ['devstral-medium-2507', 'no-such-model', 'x'.repeat(300)]) {
      const response = await fetch(`${open.url}/api/v1/models/${id}`);
      expect(response.status, id).toBe(404);
      expect((await response.json()).error.code).toBe('model_not_found');
    }
    await handle.db
      .update(models)
      .set({ retiredAt: new Date() })
      .where(eq(models.modelId, 'mistral-large-latest'));
    expect((await fetch(`${open.url}/api/v1/models/mistral-large-latest`)).status).toBe(404);
  });

  it('requires a matching bearer token when one is configured', async () => {
    const attempts: [Record<string, string>, number][] = [
      [{}, 401],
      [{ Authorization: 'Bearer wrong' }, 401],
      [{ Authorization: `Bearer ${TOKEN}x` }, 401],
      [{ Authorization: TOKEN }, 401],
      [{ Authorization: `Bearer ${TOKEN}` }, 200],
    ];
    for (const [headers, status] of attempts) {
      const response = await fetch(`${guarded.url}/api/v1/models`, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(status);
      if (status === 401) {
        expect(response.headers.get('www-authenticate')).toContain('Bearer');
        expect(await response.text()).not.toContain('mistral-large');
      } else {
        expect(response.headers.get('cache-control')).toBe('private, no-cache');
        expect(response.headers.get('vary')).toBe('Authorization');
      }
    }
    expect((await fetch(`${guarded.url}/api/v1/models/mistral-large-latest`)).status).toBe(401);
  });

  it("works unchanged with the OpenAI SDK's models.list() and models.retrieve()", async () => {
    const client = new OpenAI({ baseURL: `${guarded.url}/api/v1`, apiKey: TOKEN, maxRetries: 0 });
    const listed: string[] = [];
    for await (const model of client.models.list()) listed.push(model.id);
    expect(listed).toContain('mistral-large-latest');
    expect((await client.models.retrieve('mistral-large-latest')).owned_by).toBe('mistral');
    await expect(client.models.retrieve('devstral-medium-2507')).rejects.toMatchObject({ status: 404 });
    const wrong = new OpenAI({ baseURL: `${guarded.url}/api/v1`, apiKey: 'nope', maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toMatchObject({ status: 401 });
  });

  it('carries each model’s pricing with its source to the OpenAI SDK and curl: unknown null, free 0', async () => {
    // mistral-large-latest is priced by the catalog; make one model free by hand and leave one unknown.
    await handle.db
      .update(models)
      .set({ inputPricePerMtok: '0', outputPricePerMtok: '0', priceSource: 'admin' })
      .where(eq(models.modelId, 'mistral-small-latest'));
    await handle.db
      .update(models)
      .set({ inputPricePerMtok: null, outputPricePerMtok: null, priceSource: null })
      .where(eq(models.modelId, 'mistral-medium-latest'));
    await handle.db
      .update(models)
      .set({ status: 'active' })
      .where(inArray(models.modelId, ['mistral-small-latest', 'mistral-medium-latest']));

    const client = new OpenAI({ baseURL: `${guarded.url}/api/v1`, apiKey: TOKEN, maxRetries: 0 });
    type Priced = {
      pricing: { input: number | null; output: number | null; unit: string; source: string | null };
    };
    const pricing = new Map<string, Priced['pricing']>();
    for await (const model of client.models.list())
      pricing.set(model.id, (model as unknown as Priced).pricing);
    // The alias costs what the model it serves (mistral-large-2512) costs.
    expect(pricing.get('mistral-large-latest')).toEqual({
      input: 0.5,
      output: 1.5,
      unit: 'USD per 1M tokens',
      source: CATALOG_SOURCE,
    });
    expect(pricing.get('mistral-small-latest')).toEqual({
      input: 0,
      output: 0,
      unit: 'USD per 1M tokens',
      source: 'admin',
    });
    expect(pricing.get('mistral-medium-latest')).toEqual({
      input: null,
      output: null,
      unit: 'USD per 1M tokens',
      source: null,
    });
    const one = (await client.models.retrieve('mistral-large-latest')) as unknown as Priced;
    expect(one.pricing.source).toBe(CATALOG_SOURCE);

    const listed = await curl(['-H', `Authorization: Bearer ${TOKEN}`, `${guarded.url}/api/v1/models`]);
    expect(listed.code, listed.stderr).toBe(0);
    const byId = new Map(
      (JSON.parse(listed.stdout) as { data: ({ id: string } & Priced)[] }).data.map((m) => [m.id, m.pricing]),
    );
    expect(byId.get('mistral-medium-latest')).toMatchObject({ input: null, output: null, source: null });
    expect(byId.get('mistral-small-latest')).toMatchObject({ input: 0, output: 0 });
    const single = await curl([
      '-H',
      `Authorization: Bearer ${TOKEN}`,
      `${guarded.url}/api/v1/models/mistral-large-latest`,
    ]);
    expect(JSON.parse(single.stdout).pricing).toEqual({
      input: 0.5,
      output: 1.5,
      unit: 'USD per 1M tokens',
      source: CATALOG_SOURCE,
    });
  });

  it('a price edit of an offered model changes the list and its ETag at once', async () => {
    const first = await list();
    const etag = first.response.headers.get('etag') ?? '';
    const large = await rowOf('mistral-large-latest');
    await updateModel(
      handle.db,
      modelDefaults,
      { id: large.id, version: large.version, inputPricePerMtok: '2.25' },
      'admin:t@example.com',
    );
    const after = await fetch(`${open.url}/api/v1/models`, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const body = (await after.json()) as { data: ({ id: string } & { pricing: unknown })[] };
    expect(body.data.find((m) => m.id === 'mistral-large-latest')?.pricing).toMatchObject({
      input: 2.25,
      output: 1.5,
      source: 'admin',
    });
    expect(JSON.stringify(body)).not.toContain('t@example.com');
  });
});

describe(`health on ${engine}`, () => {
  it('is 200 with the model count and the last seed run when all is well', async () => {
    const response = await fetch(`${open.url}/api/health`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      status: 'ok',
      database: 'reachable',
      migrations: { current: true, pending: 0 },
      models: 44,
      lastSeedRun: { outcome: 'applied', trigger: 'cli', startedAt: expect.any(String) },
    });
    expect(Object.keys(body.lastSeedRun).sort()).toEqual(['outcome', 'startedAt', 'trigger']);
  });

  it('is 503 when the database cannot be reached, without leaking the cause', async () => {
    const response = await healthResponse({
      db: () => Promise.reject(new Error('connect ECONNREFUSED postgres://secret@db:5432')),
    });
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    expect(text).not.toContain('secret');
  });

  it('is 503 when migrations are pending', async () => {
    const bare = await createTestDb({ migrate: false });
    try {
      await bare.use(async (h) => {
        const response = await healthResponse({ db: async () => h.db });
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({
          migrations: { current: false },
          status: 'unavailable',
        });
      });
    } finally {
      await bare.drop();
    }
  });
});
