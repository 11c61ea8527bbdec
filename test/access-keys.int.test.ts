// API keys and the consumer API over real HTTP on each engine: the same handlers the Next routes call, served on
// 127.0.0.1, answering each caller with exactly what its key may use; and the OpenAI SDK with a team key.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { Database } from '../db/client';
import { accessEvents, apiKeyFailures, apiKeys, models } from '../db/schema';
import { getModelResponse, listModelsResponse } from '../lib/api/models';
import { loadAccessDeclarations } from '../lib/registry/access/declared';
import { createKey, revokeKey, rotateKey } from '../lib/registry/access/keys';
import { engine } from './support/db';
import { scratchFiles } from './support/files';
import { type Served, serveHandler } from './support/handler-server';
import { checkedAgainstOpenApi } from './support/openapi';
import { seededRegistry } from './support/seeded-registry';

const registry = seededRegistry({ ...modelDefaults, defaultNewModelStatus: 'active' });
const { file } = scratchFiles('mr-keys-');
const PLATFORM_TOKEN = 'platform-token-0123456789';

const ACCESS = {
  groups: [
    { slug: 'embeddings', name: 'Embeddings', match: { types: ['embedding'] } },
    { slug: 'picked', name: 'Picked', include: ['mistral-large-latest', 'codestral-latest'] },
    { slug: 'coding', name: 'Coding', match: { ids: ['*codestral*'] } },
  ],
  teams: [
    { slug: 'search', name: 'Search', groups: ['embeddings'] },
    { slug: 'devs', name: 'Developers', groups: ['picked', 'coding'] },
  ],
};
const accessPath = file('access.json', ACCESS);

let env: Record<string, string | undefined> = {};
let served: Served;

function router(request: Request) {
  const deps = { db: async (): Promise<Database> => registry.handle.db, token: env.REGISTRY_API_TOKEN, env };
  const path = new URL(request.url).pathname;
  if (path === '/api/v1/models') return listModelsResponse(request, deps);
  return getModelResponse(request, decodeURIComponent(path.slice('/api/v1/models/'.length)), deps);
}

async function get(path: string, key?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${served.url}${path}`, {
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
}
const idsOf = (body: { data: { id: string }[] }) => body.data.map((m) => m.id).sort();

async function typeIds(type: string): Promise<string[]> {
  const rows = await registry.handle.db
    .select({ id: models.modelId })
    .from(models)
    .where(eq(models.type, type));
  return rows.map((r) => r.id).sort();
}

const declared = () => loadAccessDeclarations({ ACCESS_PATH: accessPath });
const newKey = (input: Parameters<typeof createKey>[2]) => createKey(registry.handle.db, declared(), input);

// Every answer is held against the published OpenAPI document.
const documented = checkedAgainstOpenApi(router);

beforeAll(async () => {
  served = await serveHandler(documented);
});
afterAll(async () => {
  await served?.close();
});
beforeEach(async () => {
  env = { ACCESS_PATH: accessPath, CONSUMER_API_ACCESS: 'keys' };
  await registry.handle.db.execute(sql`truncate api_keys, access_events, api_key_failures restart identity`);
});

describe(`API keys on ${engine}`, () => {
  it('keep only a hash: the secret is in the answer once, and in no row and no event', async () => {
    const { key, record } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    expect(key).toMatch(/^mrk_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`${record.prefix}_`)).toBe(true);
    const [row] = await registry.handle.db.select().from(apiKeys);
    expect(row?.secretHash).toBe(createHash('sha256').update(key).digest('hex'));
    const everything = JSON.stringify([
      await registry.handle.db.select().from(apiKeys),
      await registry.handle.db.select().from(accessEvents),
    ]);
    expect(everything).not.toContain(key.slice(13));
    const events = await registry.handle.db.select().from(accessEvents);
    expect(events).toMatchObject([
      {
        subject: record.prefix,
        actor: 'cli',
        action: 'key_created',
        before: null,
        after: { team: 'search' },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(row?.secretHash);
  });

  it('refuse a team that does not exist and a group the team is not granted, writing nothing', async () => {
    await expect(newKey({ name: 'x', kind: 'team', team: 'nobody', actor: 'cli' })).rejects.toThrow(
      'No team "nobody". Teams: devs, search.',
    );
    await expect(
      newKey({ name: 'x', kind: 'team', team: 'search', groups: ['coding'], actor: 'cli' }),
    ).rejects.toThrow(/not granted coding/);
    expect(await registry.handle.db.select().from(apiKeys)).toEqual([]);
    expect(await registry.handle.db.select().from(accessEvents)).toEqual([]);
  });
});

describe(`the consumer API with keys on ${engine}`, () => {
  it("answers a team key with exactly its team's models, and a model outside them like an inactive one", async () => {
    const { key } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    const list = await get('/api/v1/models', key);
    expect(list.status).toBe(200);
    expect(idsOf(list.json)).toEqual(await typeIds('embedding'));
    expect(list.headers.get('cache-control')).toBe('private, no-cache');
    expect(list.headers.get('vary')).toBe('Authorization');

    expect((await get('/api/v1/models/mistral-embed', key)).status).toBe(200);
    const outside = await get('/api/v1/models/mistral-large-latest', key);
    await registry.handle.db
      .update(models)
      .set({ status: 'inactive' })
      .where(eq(models.modelId, 'mistral-tiny'));
    const inactive = await get('/api/v1/models/mistral-tiny', key);
    expect(outside.status).toBe(404);
    expect(inactive.status).toBe(404);
    expect(outside.json.error.code).toBe('model_not_found');
    expect(outside.text.replace('mistral-large-latest', 'ID')).toBe(
      inactive.text.replace('mistral-tiny', 'ID'),
    );
  });

  it('narrows a team key to some of its groups: both must allow a model', async () => {
    const { key } = await newKey({
      name: 'Picked',
      kind: 'team',
      team: 'devs',
      groups: ['picked'],
      actor: 'cli',
    });
    expect(idsOf((await get('/api/v1/models', key)).json)).toEqual([
      'codestral-latest',
      'mistral-large-latest',
    ]);
    const whole = await newKey({ name: 'All devs', kind: 'team', team: 'devs', actor: 'cli' });
    const devs = idsOf((await get('/api/v1/models', whole.key)).json);
    expect(devs).toContain('mistral-large-latest');
    expect(devs.filter((id) => id.includes('codestral')).length).toBeGreaterThan(1);
  });

  it("lets a platform key (and REGISTRY_API_TOKEN) see everything or ask for one team's view", async () => {
    const { key } = await newKey({ name: 'Backend', kind: 'platform', actor: 'cli' });
    expect((await get('/api/v1/models', key)).json.data).toHaveLength(44);
    expect(idsOf((await get('/api/v1/models?team=search', key)).json)).toEqual(await typeIds('embedding'));
    const unknown = await get('/api/v1/models?team=nobody', key);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('team_not_found');

    env = { ...env, REGISTRY_API_TOKEN: PLATFORM_TOKEN };
    expect((await get('/api/v1/models', PLATFORM_TOKEN)).json.data).toHaveLength(44);
    expect(idsOf((await get('/api/v1/models?team=search', PLATFORM_TOKEN)).json)).toEqual(
      await typeIds('embedding'),
    );
  });

  it("refuses a team key another team's view (403) but serves its own", async () => {
    const { key } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    const other = await get('/api/v1/models?team=devs', key);
    expect(other.status).toBe(403);
    expect(other.json.error).toMatchObject({ code: 'team_forbidden', type: 'invalid_request_error' });
    expect((await get('/api/v1/models?team=search', key)).status).toBe(200);
    expect((await get('/api/v1/models/mistral-large-latest?team=devs', key)).status).toBe(403);
  });

  it('refuses missing, unknown, near-miss, revoked and expired keys with 401 invalid_api_key', async () => {
    const { key, record } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    const last = key.at(-1) === 'a' ? 'b' : 'a';
    const refused = [
      await get('/api/v1/models'),
      await get('/api/v1/models', 'mrk_aaaaaaaa_0000000000000000000000000000000000000000000'),
      await get('/api/v1/models', `${key.slice(0, -1)}${last}`),
      await get('/api/v1/models', 'mrk_short'),
      await get('/api/v1/models', 'not-a-registry-key'),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(401);
      expect(answer.json.error).toMatchObject({ code: 'invalid_api_key', type: 'authentication_error' });
    }
    expect((await get('/api/v1/models', key)).status).toBe(200);
    await revokeKey(registry.handle.db, record.prefix, 'cli');
    expect((await get('/api/v1/models', key)).status).toBe(401);
    expect((await get('/api/v1/models/mistral-embed', key)).status).toBe(401);

    const expiring = await newKey({ name: 'Soon', kind: 'team', team: 'search', actor: 'cli' });
    expect((await get('/api/v1/models', expiring.key)).status).toBe(200);
    await registry.handle.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.prefix, expiring.record.prefix));
    expect((await get('/api/v1/models', expiring.key)).status).toBe(401);
  });

  it('refuses a client past 50 wrong keys in the window (429) before looking its keys up; others go on', async () => {
    env = { ...env, AUTH_TRUSTED_PROXIES: '1' };
    const { key } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    const from = (client: string) => ({ 'x-forwarded-for': client });
    const wrong = 'mrk_aaaaaaaa_0000000000000000000000000000000000000000000';
    const started = Date.now();
    for (let i = 0; i < 50; i++)
      expect((await get('/api/v1/models', wrong, from('203.0.113.9'))).status).toBe(401);
    const limited = await get('/api/v1/models', wrong, from('203.0.113.9'));
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 'too_many_failed_keys', type: 'rate_limit_error' });
    // Until the first failure ages out of the 15-minute window: 900 s from it, less the time the 50 took.
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(retryAfter).toBeGreaterThanOrEqual(900 - Math.ceil((Date.now() - started) / 1000));
    expect((await get('/api/v1/models', key, from('203.0.113.9'))).status).toBe(429);
    expect((await get('/api/v1/models', key, from('203.0.113.10'))).status).toBe(200);
    // Only the wrong keys that were looked up are recorded: not the refused ones, never a right key.
    const failures = await registry.handle.db
      .select({ address: apiKeyFailures.address })
      .from(apiKeyFailures);
    expect(failures).toHaveLength(50);
    expect(new Set(failures.map((f) => f.address))).toEqual(new Set(['203.0.113.9']));
  });

  it('does not count a revoked key against its address (a client still sending it cannot lock out others)', async () => {
    env = { ...env, AUTH_TRUSTED_PROXIES: '1' };
    const { key, record } = await newKey({ name: 'Old', kind: 'team', team: 'search', actor: 'cli' });
    await revokeKey(registry.handle.db, record.prefix, 'cli');
    for (let i = 0; i < 60; i++) {
      const answer = await get('/api/v1/models', key, { 'x-forwarded-for': '203.0.113.20' });
      expect(answer.status).toBe(401);
      expect(answer.json.error.message).toBe(
        'This API key is revoked. Ask an admin of the model registry for a key (the Access page, or npm run keys:create).',
      );
    }
    expect(await registry.handle.db.select().from(apiKeyFailures)).toEqual([]);
  });

  it('refuses to rotate an expired or revoked key, writing nothing', async () => {
    const { record } = await newKey({ name: 'Soon', kind: 'team', team: 'search', actor: 'cli' });
    await registry.handle.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.prefix, record.prefix));
    await expect(rotateKey(registry.handle.db, record.prefix, 'cli')).rejects.toThrow(
      /is expired: create a new key/,
    );
    expect(await registry.handle.db.select().from(apiKeys)).toHaveLength(1);
    expect((await registry.handle.db.select().from(accessEvents)).map((e) => e.action)).toEqual([
      'key_created',
    ]);
  });

  it('refuses a key in the query string, saying where it goes', async () => {
    const { key } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    for (const name of ['api_key', 'key', 'token']) {
      const answer = await get(`/api/v1/models?${name}=${key}`);
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('api_key_in_query');
      expect(answer.json.error.message).toContain('Authorization: Bearer <key>');
    }
  });

  it('rotation: the old key is refused at once, the new one sees the same team', async () => {
    const first = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    const rotated = await rotateKey(registry.handle.db, first.record.prefix, 'cli');
    expect(rotated.record).toMatchObject({
      team: 'search',
      rotatedFrom: first.record.prefix,
      state: 'active',
    });
    expect((await get('/api/v1/models', first.key)).status).toBe(401);
    expect(idsOf((await get('/api/v1/models', rotated.key)).json)).toEqual(await typeIds('embedding'));
    const actions = (await registry.handle.db.select().from(accessEvents)).map((e) => [e.action, e.subject]);
    expect(actions).toEqual([
      ['key_created', first.record.prefix],
      ['key_rotated', first.record.prefix],
      ['key_created', rotated.record.prefix],
    ]);
  });

  it('records "last used" once a minute, not on every request', async () => {
    const { key, record } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    const lastUsed = async () =>
      (await registry.handle.db.select().from(apiKeys).where(eq(apiKeys.prefix, record.prefix)))[0]
        ?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await get('/api/v1/models', key);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await get('/api/v1/models', key);
    await get('/api/v1/models/mistral-embed', key);
    expect((await lastUsed())?.getTime()).toBe(first?.getTime());
  });

  it("gives each view its own ETag: a grant change moves it for the team it changes, not for another's", async () => {
    const search = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    const devs = await newKey({ name: 'Devs', kind: 'team', team: 'devs', actor: 'cli' });
    const before = [await get('/api/v1/models', search.key), await get('/api/v1/models', devs.key)];
    expect(before[0]?.headers.get('etag')).not.toBe(before[1]?.headers.get('etag'));
    const notModified = await get('/api/v1/models', search.key, {
      'if-none-match': before[0]?.headers.get('etag') ?? '',
    });
    expect(notModified.status).toBe(304);

    file('access.json', { ...ACCESS, teams: [ACCESS.teams[0], { ...ACCESS.teams[1], groups: ['picked'] }] });
    const after = [await get('/api/v1/models', search.key), await get('/api/v1/models', devs.key)];
    expect(after[0]?.headers.get('etag')).toBe(before[0]?.headers.get('etag'));
    expect(after[1]?.headers.get('etag')).not.toBe(before[1]?.headers.get('etag'));
    expect(idsOf(after[1]?.json)).toEqual(['codestral-latest', 'mistral-large-latest']);
    file('access.json', ACCESS);
  });

  it('leaves a key whose team is no longer declared seeing nothing, never everything', async () => {
    const { key } = await newKey({ name: 'Devs', kind: 'team', team: 'devs', actor: 'cli' });
    file('access.json', { ...ACCESS, teams: [ACCESS.teams[0]] });
    const answer = await get('/api/v1/models', key);
    file('access.json', ACCESS);
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual([]);
  });

  it('stays open where CONSUMER_API_ACCESS is open: no key, or a placeholder, sees everything; a key still narrows', async () => {
    env = { ACCESS_PATH: accessPath, CONSUMER_API_ACCESS: 'open' };
    const anyone = await get('/api/v1/models');
    expect(anyone.json.data).toHaveLength(44);
    expect(anyone.headers.get('cache-control')).toBe('public, no-cache');
    expect((await get('/api/v1/models', 'sk-placeholder')).json.data).toHaveLength(44);
    const { key } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    expect(idsOf((await get('/api/v1/models', key)).json)).toEqual(await typeIds('embedding'));
    expect(
      (await get('/api/v1/models', 'mrk_aaaaaaaa_0000000000000000000000000000000000000000000')).status,
    ).toBe(401);
  });

  it("serves the OpenAI SDK's models.list() and retrieve() with a team key", async () => {
    const { key } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    const client = new OpenAI({ apiKey: key, baseURL: `${served.url}/api/v1`, maxRetries: 0 });
    const listed: string[] = [];
    for await (const model of client.models.list()) listed.push(model.id);
    expect(listed.sort()).toEqual(await typeIds('embedding'));
    expect((await client.models.retrieve('mistral-embed')).id).toBe('mistral-embed');
    await expect(client.models.retrieve('mistral-large-latest')).rejects.toMatchObject({ status: 404 });
    const stranger = new OpenAI({
      apiKey: 'mrk_aaaaaaaa_0000000000000000000000000000000000000000000',
      baseURL: `${served.url}/api/v1`,
      maxRetries: 0,
    });
    await expect(stranger.models.list()).rejects.toMatchObject({ status: 401 });
  });
});
