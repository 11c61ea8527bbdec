// The consumer API with several providers, over real HTTP: the same handlers the Next routes call. Ids follow the
// one naming rule (lib/registry/model/qualified-id.ts): Mistral's bare, every other provider's `<provider>/<model_id>`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { Database, DbHandle } from '../db/client';
import { models } from '../db/schema';
import { getModelResponse, listModelsResponse } from '../lib/api/models';
import { createManualModel } from '../lib/registry/changes/manual-models';
import { loadCatalog } from '../lib/registry/providers';
import { runSeed } from '../lib/registry/sync/run';
import type { ProviderCard } from '../lib/registry/types';
import { card, seedCards } from './support/cards';
import { createTestDb, engine, type TestDb } from './support/db';
import { type Served, serveHandler } from './support/handler-server';
import { checkedAgainstOpenApi } from './support/openapi';

let testDb: TestDb;
let handle: DbHandle;
let open: Served;

function router() {
  const deps = { db: async (): Promise<Database> => handle.db };
  return (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/models') return listModelsResponse(request, deps);
    if (path.startsWith('/api/v1/models/'))
      return getModelResponse(request, decodeURIComponent(path.slice('/api/v1/models/'.length)), deps);
    return Promise.resolve(new Response('not found', { status: 404 }));
  };
}

type Listed = { id: string; provider: string; owned_by: string; aliases: string[]; type: string };
const list = async (query = '', init: RequestInit = {}) => {
  const response = await fetch(`${open.url}/api/v1/models${query}`, init);
  const text = await response.text();
  return { response, body: text ? JSON.parse(text) : null };
};
const ids = (body: { data: Listed[] }) => body.data.map((m) => m.id);
const get = async (path: string) => {
  const response = await fetch(`${open.url}/api/v1/models/${path}`);
  return { status: response.status, body: await response.json() };
};

const seedProvider = (provider: string, displayName: string, cards: ProviderCard[]) =>
  seedCards(handle.db, provider, cards, { displayName });

const setStatus = (provider: string, modelId: string, status: 'active' | 'inactive') =>
  handle.db
    .update(models)
    .set({ status })
    .where(and(eq(models.provider, provider), eq(models.modelId, modelId)));

// Every answer is held against the published OpenAPI document.
const documented = checkedAgainstOpenApi(router());

beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open();
  open = await serveHandler(documented);
});
afterAll(async () => {
  await open?.close();
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
  await seedProvider('openai', 'OpenAI', [
    card('gpt-4o', { groupName: 'gpt-4o-2024-08-06', aliases: ['gpt-4o-2024-08-06'] }),
    card('gpt-4o-mini'),
    card('gpt-4-turbo', { deprecation: '2026-12-31T00:00:00.000Z', deprecationReplacement: 'gpt-4o' }),
    card('text-embedding-3-small', { type: 'embedding', capabilities: [] }),
  ]);
  await seedProvider('openrouter', 'OpenRouter', [card('openai/gpt-4o'), card('mistralai/mistral-large')]);
  // The same model id as OpenAI's, listed by another provider.
  await seedProvider('together', 'Together AI', [card('gpt-4o')]);
  // New provider models arrive inactive (config/model-defaults.ts); offer all but gpt-4o-mini.
  await handle.db.update(models).set({ status: 'active' }).where(sql`${models.provider} <> 'mistral'`);
  await setStatus('openai', 'gpt-4o-mini', 'inactive');
});

describe(`consumer API with several providers on ${engine}`, () => {
  it('lists every provider with a provider field, Mistral ids bare and every other id qualified', async () => {
    const { response, body } = await list();
    expect(response.status).toBe(200);
    const listed = ids(body);
    expect(listed).toEqual([...listed].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(listed).size).toBe(listed.length);
    for (const id of [
      'mistral-large-latest',
      'openai/gpt-4o',
      'openai/text-embedding-3-small',
      'together/gpt-4o',
      'openrouter/openai/gpt-4o',
      'openrouter/mistralai/mistral-large',
    ]) {
      expect(listed, id).toContain(id);
    }
    for (const id of ['gpt-4o', 'openai/gpt-4o-mini', 'gpt-4o-mini', 'openai/gpt-4o-2024-08-06']) {
      expect(listed, id).not.toContain(id);
    }
    const byId = new Map<string, Listed>(body.data.map((m: Listed) => [m.id, m]));
    expect(byId.get('mistral-large-latest')).toMatchObject({ provider: 'mistral', owned_by: 'mistral' });
    expect(byId.get('openai/gpt-4o')).toMatchObject({
      provider: 'openai',
      owned_by: 'openai',
      // Aliases follow the same rule, so a client finds one under the name it would send.
      aliases: ['openai/gpt-4o-2024-08-06'],
    });
    // So does a deprecation's replacement: the id to move to, as the list names it.
    expect(byId.get('openai/gpt-4-turbo')).toMatchObject({
      deprecation: { date: '2026-12-31T00:00:00.000Z', replacement: 'openai/gpt-4o' },
    });
    expect(byId.get('together/gpt-4o')).toMatchObject({ provider: 'together', owned_by: 'together' });
    expect(byId.get('openrouter/openai/gpt-4o')).toMatchObject({ provider: 'openrouter' });
    expect(
      body.data.filter((m: Listed) => m.provider === 'mistral').every((m: Listed) => !m.id.includes('/')),
    ).toBe(true);
  });

  it('filters by ?provider=, also with ?type=, and refuses an unknown provider with 400', async () => {
    const openai = await list('?provider=openai');
    expect(openai.response.status).toBe(200);
    expect(ids(openai.body)).toEqual([
      'openai/gpt-4-turbo',
      'openai/gpt-4o',
      'openai/text-embedding-3-small',
    ]);
    expect(openai.body.data.every((m: Listed) => m.provider === 'openai')).toBe(true);

    expect(ids((await list('?provider=openai&type=embedding')).body)).toEqual([
      'openai/text-embedding-3-small',
    ]);
    expect(ids((await list('?type=chat&provider=openrouter')).body)).toEqual([
      'openrouter/mistralai/mistral-large',
      'openrouter/openai/gpt-4o',
    ]);
    const mistral = await list('?provider=mistral');
    expect(ids(mistral.body)).toContain('mistral-large-latest');
    expect(mistral.body.data.every((m: Listed) => m.provider === 'mistral' && !m.id.includes('/'))).toBe(
      true,
    );
    // A built-in provider without models is known: an empty list, not an error.
    expect(await list('?provider=anthropic')).toMatchObject({
      response: { status: 200 },
      body: { object: 'list', data: [] },
    });

    for (const bad of ['nope', 'OpenAI', '%3Cscript%3E', 'openai%2Fgpt-4o', 'x'.repeat(80)]) {
      const refused = await list(`?provider=${bad}`);
      expect(refused.response.status, bad).toBe(400);
      expect(refused.body.error, bad).toMatchObject({
        type: 'invalid_request_error',
        code: 'invalid_provider',
      });
      expect(refused.body.error.message, bad).toMatch(/Unknown provider/);
      for (const known of ['mistral', 'openai', 'openrouter', 'together', 'anthropic']) {
        expect(refused.body.error.message, bad).toContain(known);
      }
    }
    // An unknown provider with a valid type is still refused, and a bad type with a good provider too.
    expect((await list('?provider=nope&type=chat')).response.status).toBe(400);
    expect((await list('?provider=openai&type=nope')).response.status).toBe(400);
  });

  it('accepts a provider that has models but is not built in', async () => {
    await seedProvider('acme', 'Acme', [card('acme-1')]);
    await setStatus('acme', 'acme-1', 'active');
    expect(ids((await list('?provider=acme')).body)).toEqual(['acme/acme-1']);
    expect((await get('acme/acme-1')).body).toMatchObject({ id: 'acme/acme-1', provider: 'acme' });
  });

  it('accepts a provider declared in PROVIDERS_PATH, and stays up when that file cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-consumer-'));
    const declared = join(dir, 'providers.json');
    writeFileSync(
      declared,
      JSON.stringify({
        providers: [
          { id: 'ollama', kind: 'openai-compatible', name: 'Ollama', baseUrl: 'http://127.0.0.1:1/v1' },
        ],
      }),
    );
    const before = process.env.PROVIDERS_PATH;
    try {
      process.env.PROVIDERS_PATH = declared;
      // Declared but without models yet: known, so an empty list.
      expect(await list('?provider=ollama')).toMatchObject({
        response: { status: 200 },
        body: { object: 'list', data: [] },
      });
      const unknown = await list('?provider=nope');
      expect(unknown.response.status).toBe(400);
      expect(unknown.body.error.message).toContain('ollama');

      // A file that cannot be read: the built-in providers and those with models still answer.
      process.env.PROVIDERS_PATH = join(dir, 'missing.json');
      expect(ids((await list('?provider=openai')).body)).toEqual([
        'openai/gpt-4-turbo',
        'openai/gpt-4o',
        'openai/text-embedding-3-small',
      ]);
      expect((await list('?provider=ollama')).response.status).toBe(400);
      expect((await get('openai%2Fgpt-4o')).status).toBe(200);
    } finally {
      if (before === undefined) delete process.env.PROVIDERS_PATH;
      else process.env.PROVIDERS_PATH = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keys the ETag and the cache by the filter', async () => {
    const all = await list();
    const openai = await list('?provider=openai');
    const mistral = await list('?provider=mistral');
    const embeddings = await list('?provider=openai&type=embedding');
    const etags = [all, openai, mistral, embeddings].map((r) => r.response.headers.get('etag'));
    expect(new Set(etags).size).toBe(4);
    // Each filter keeps its own cached body: asking again in another order returns the same lists.
    expect(ids((await list('?provider=mistral')).body)).toEqual(ids(mistral.body));
    expect(ids((await list('?provider=openai')).body)).toEqual(ids(openai.body));
    expect(ids((await list()).body)).toEqual(ids(all.body));
    const again = await list('?provider=openai', { headers: { 'If-None-Match': etags[1] ?? '' } });
    expect(again.response.status).toBe(304);
    const other = await list('?provider=mistral', { headers: { 'If-None-Match': etags[1] ?? '' } });
    expect(other.response.status).toBe(200);
  });

  it('serves one model by its id, raw or percent-encoded, never another provider’s', async () => {
    for (const path of ['openai/gpt-4o', 'openai%2Fgpt-4o', 'openai%2fgpt-4o']) {
      const { status, body } = await get(path);
      expect(status, path).toBe(200);
      expect(body, path).toMatchObject({ id: 'openai/gpt-4o', provider: 'openai', owned_by: 'openai' });
    }
    for (const path of [
      'openrouter/openai/gpt-4o',
      'openrouter%2Fopenai%2Fgpt-4o',
      'openrouter/openai%2Fgpt-4o',
    ]) {
      const { status, body } = await get(path);
      expect(status, path).toBe(200);
      expect(body, path).toMatchObject({ id: 'openrouter/openai/gpt-4o', provider: 'openrouter' });
    }
    expect((await get('together/gpt-4o')).body).toMatchObject({
      id: 'together/gpt-4o',
      provider: 'together',
    });
    // Mistral's ids are bare; LiteLLM's `mistral/<id>` names the same model, answered under its listed id.
    for (const path of [
      'mistral-large-latest',
      'mistral/mistral-large-latest',
      'mistral%2Fmistral-large-latest',
    ]) {
      expect((await get(path)).body, path).toMatchObject({ id: 'mistral-large-latest', provider: 'mistral' });
    }

    // A bare id is Mistral's: OpenAI's and Together's gpt-4o are not served under it.
    for (const path of [
      'gpt-4o',
      'openai/gpt-4o-mini',
      'openai/mistral-large-latest',
      'openai/gpt-4o-2024-08-06',
      'openrouter/gpt-4o',
      'openai%252Fgpt-4o',
      'nope/gpt-4o',
    ]) {
      const { status, body } = await get(path);
      expect(status, path).toBe(404);
      expect(body.error.code, path).toBe('model_not_found');
    }

    // A Mistral model named gpt-4o is the bare id; openai/gpt-4o stays OpenAI's.
    await createManualModel(
      handle.db,
      modelDefaults,
      {
        provider: 'mistral',
        modelId: 'gpt-4o',
        displayName: 'Mistral gpt-4o',
        type: 'chat',
        status: 'active',
      },
      'admin:t@example.com',
    );
    expect((await get('gpt-4o')).body).toMatchObject({ id: 'gpt-4o', provider: 'mistral' });
    expect((await get('openai%2Fgpt-4o')).body).toMatchObject({ id: 'openai/gpt-4o', provider: 'openai' });

    // Retired: not offered.
    await handle.db
      .update(models)
      .set({ retiredAt: new Date() })
      .where(and(eq(models.provider, 'openai'), eq(models.modelId, 'gpt-4o')));
    expect((await get('openai/gpt-4o')).status).toBe(404);
    expect((await get('together/gpt-4o')).status).toBe(200);
  });

  it('never lists a Mistral model whose bare id would name another provider’s model', async () => {
    await createManualModel(
      handle.db,
      modelDefaults,
      {
        provider: 'mistral',
        modelId: 'openai/gpt-4o',
        displayName: 'Confusing',
        type: 'chat',
        status: 'active',
      },
      'admin:t@example.com',
    );
    const listed = (await list()).body.data.filter((m: Listed) => m.id === 'openai/gpt-4o');
    expect(listed).toEqual([expect.objectContaining({ provider: 'openai' })]);
    expect((await get('openai/gpt-4o')).body).toMatchObject({ provider: 'openai' });
  });

  it("works with the OpenAI SDK's models.list() and models.retrieve() for qualified ids", async () => {
    const client = new OpenAI({ baseURL: `${open.url}/api/v1`, apiKey: 'unused', maxRetries: 0 });
    const listed: string[] = [];
    for await (const model of client.models.list()) listed.push(model.id);
    expect(listed).toContain('openai/gpt-4o');
    expect(listed).toContain('mistral-large-latest');
    expect(await client.models.retrieve('openai/gpt-4o')).toMatchObject({
      id: 'openai/gpt-4o',
      owned_by: 'openai',
    });
    expect(await client.models.retrieve('openrouter/openai/gpt-4o')).toMatchObject({
      id: 'openrouter/openai/gpt-4o',
      owned_by: 'openrouter',
    });
    expect((await client.models.retrieve('mistral-large-latest')).owned_by).toBe('mistral');
    await expect(client.models.retrieve('gpt-4o')).rejects.toMatchObject({ status: 404 });
  });
});
