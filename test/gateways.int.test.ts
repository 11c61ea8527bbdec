// The gateways' configs written from a registry with several providers, on each engine: LiteLLM's model_list field
// by field, LibreChat's file against LibreChat's own schema, the per-revision bytes and ETag, the check of a
// deployed file, and GET /api/v1/gateways/{format} over real HTTP with each kind of caller.
import { and, eq, sql } from 'drizzle-orm';
import { configSchema, endpointSchema } from 'librechat-data-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Database, DbHandle } from '../db/client';
import { models } from '../db/schema';
import { gatewayConfigResponse } from '../lib/api/gateways';
import { loadAccessDeclarations } from '../lib/registry/access/declared';
import { createKey } from '../lib/registry/access/keys';
import { RegistryError } from '../lib/registry/errors';
import {
  checkGatewayConfig,
  gatewayConfig,
  parseGatewayFormat,
  UnknownTeamError,
} from '../lib/registry/gateways/export';
import type { ProviderCard } from '../lib/registry/types';
import { card, seedCards } from './support/cards';
import { createTestDb, engine, type TestDb } from './support/db';
import { scratchFiles } from './support/files';
import { type Served, serveHandler } from './support/handler-server';
import { checkedAgainstOpenApi } from './support/openapi';

const { file } = scratchFiles('mr-gateways-');
const PROVIDERS_PATH = file('providers.json', {
  providers: [
    { id: 'ollama', kind: 'openai-compatible', name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1' },
  ],
});
const ACCESS_PATH = file('access.json', {
  groups: [
    { slug: 'coding', name: 'Coding', include: ['mistral-large-latest', 'openai/gpt-4o', 'mistral-embed'] },
    { slug: 'embeddings', name: 'Embeddings', match: { types: ['embedding'] } },
  ],
  teams: [{ slug: 'search', name: 'Search', groups: ['embeddings'] }],
});
const ENV = { PROVIDERS_PATH, ACCESS_PATH };
const ref = (name: string) => `\${${name}}`;
const PLATFORM_TOKEN = 'platform-token-gateways-0123456789';

let testDb: TestDb;
let handle: DbHandle;

const seedProvider = (provider: string, displayName: string, cards: ProviderCard[]) =>
  seedCards(handle.db, provider, cards, { displayName, newStatus: 'active' });

const row = (provider: string, modelId: string) =>
  and(eq(models.provider, provider), eq(models.modelId, modelId));

/** An admin's price (USD per 1M tokens), or unknown on both sides. */
async function setPrice(provider: string, modelId: string, input: string | null, output: string | null) {
  await handle.db
    .update(models)
    .set({
      inputPricePerMtok: input,
      outputPricePerMtok: output,
      priceSource: input === null && output === null ? null : 'admin',
    })
    .where(row(provider, modelId));
}

async function seedRegistry() {
  await handle.db.execute(sql`truncate model_events, seed_runs, models restart identity cascade`);
  await seedProvider('mistral', 'Mistral AI', [
    card('mistral-large-latest', { contextLength: 131072 }),
    card('mistral-embed', { type: 'embedding', capabilities: [], contextLength: 8192 }),
    card('mistral-tiny'),
  ]);
  await seedProvider('openai', 'OpenAI', [
    card('gpt-4o'),
    card('gpt-4-turbo', { deprecation: '2099-01-31T00:00:00.000Z', deprecationReplacement: 'gpt-4o' }),
    card('text-embedding-3-small', { type: 'embedding', capabilities: [], contextLength: null }),
  ]);
  await seedProvider('anthropic', 'Anthropic', [card('claude-3-5-sonnet', { contextLength: 200000 })]);
  await seedProvider('together', 'Together AI', [card('meta-llama/Llama-3-70b-chat-hf')]);
  await seedProvider('ollama', 'Ollama', [card('llama3.2', { contextLength: null })]);
  await handle.db.update(models).set({ status: 'inactive' }).where(row('mistral', 'mistral-tiny'));
  await handle.db
    .update(models)
    .set({ displayName: 'Mistral Large', description: 'The flagship.', isDefault: true })
    .where(row('mistral', 'mistral-large-latest'));
  await handle.db.update(models).set({ displayName: 'GPT-4o' }).where(row('openai', 'gpt-4o'));
  await handle.db.update(models).set({ displayName: 'GPT-4 Turbo' }).where(row('openai', 'gpt-4-turbo'));
  // Every price is stated: known ones an admin's, the rest unknown (whatever the bundled catalog knew).
  await setPrice('mistral', 'mistral-large-latest', '2', '6');
  await setPrice('mistral', 'mistral-embed', '0.1', null);
  await setPrice('mistral', 'mistral-tiny', '0.25', '0.25');
  await setPrice('openai', 'gpt-4o', '2.5', '10');
  await setPrice('openai', 'gpt-4-turbo', null, null);
  await setPrice('openai', 'text-embedding-3-small', '0.02', null);
  await setPrice('anthropic', 'claude-3-5-sonnet', '3', '15');
  await setPrice('together', 'meta-llama/Llama-3-70b-chat-hf', null, null);
  await setPrice('ollama', 'llama3.2', null, null);
}

type LiteLlmEntry = {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info?: Record<string, unknown>;
};
const litellmOf = (body: string) => (parse(body) as { model_list: LiteLlmEntry[] }).model_list;
const entryOf = (list: LiteLlmEntry[], name: string) => {
  const found = list.find((e) => e.model_name === name);
  if (!found) throw new Error(`no model_list entry ${name} in ${list.map((e) => e.model_name).join(', ')}`);
  return found;
};

const ALL_IDS = [
  'anthropic/claude-3-5-sonnet',
  'mistral-embed',
  'mistral-large-latest',
  'ollama/llama3.2',
  'openai/gpt-4-turbo',
  'openai/gpt-4o',
  'openai/text-embedding-3-small',
  'together/meta-llama/Llama-3-70b-chat-hf',
];

beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open();
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});
beforeEach(seedRegistry);

describe(`the LiteLLM config on ${engine}`, () => {
  it('writes one entry per offered model, field by field, unknown prices absent, never 0', async () => {
    const config = await gatewayConfig(handle.db, { format: 'litellm', env: ENV });
    expect(config).toMatchObject({ format: 'litellm', team: null, models: ALL_IDS.length, unrouted: [] });
    expect(config.body.startsWith('# LiteLLM proxy config, written by Model Registry')).toBe(true);
    expect(config.body).toContain(`registry revision ${config.revision}.`);
    const list = litellmOf(config.body);
    expect(list.map((e) => e.model_name).sort()).toEqual(ALL_IDS);
    // Inactive: not offered, so not in the gateway.
    expect(config.body).not.toContain('mistral-tiny');

    expect(entryOf(list, 'mistral-large-latest')).toEqual({
      model_name: 'mistral-large-latest',
      litellm_params: { model: 'mistral/mistral-large-latest', api_key: 'os.environ/MISTRAL_API_KEY' },
      model_info: {
        mode: 'chat',
        max_input_tokens: 131072,
        input_cost_per_token: 0.000002,
        output_cost_per_token: 0.000006,
        access_groups: ['coding'],
      },
    });
    expect(entryOf(list, 'mistral-embed')).toEqual({
      model_name: 'mistral-embed',
      litellm_params: { model: 'mistral/mistral-embed', api_key: 'os.environ/MISTRAL_API_KEY' },
      model_info: {
        mode: 'embedding',
        max_input_tokens: 8192,
        input_cost_per_token: 0.0000001,
        access_groups: ['coding', 'embeddings'],
      },
    });
    expect(entryOf(list, 'openai/gpt-4o')).toEqual({
      model_name: 'openai/gpt-4o',
      litellm_params: { model: 'openai/gpt-4o', api_key: 'os.environ/OPENAI_API_KEY' },
      model_info: {
        mode: 'chat',
        max_input_tokens: 128000,
        input_cost_per_token: 0.0000025,
        output_cost_per_token: 0.00001,
        access_groups: ['coding'],
      },
    });
    // Deprecated (in the future: still offered), price unknown, in no declared group.
    expect(entryOf(list, 'openai/gpt-4-turbo')).toEqual({
      model_name: 'openai/gpt-4-turbo',
      litellm_params: { model: 'openai/gpt-4-turbo', api_key: 'os.environ/OPENAI_API_KEY' },
      model_info: { mode: 'chat', max_input_tokens: 128000, deprecation_date: '2099-01-31' },
    });
    expect(entryOf(list, 'openai/text-embedding-3-small')).toEqual({
      model_name: 'openai/text-embedding-3-small',
      litellm_params: { model: 'openai/text-embedding-3-small', api_key: 'os.environ/OPENAI_API_KEY' },
      model_info: { mode: 'embedding', input_cost_per_token: 0.00000002, access_groups: ['embeddings'] },
    });
    expect(entryOf(list, 'anthropic/claude-3-5-sonnet')).toEqual({
      model_name: 'anthropic/claude-3-5-sonnet',
      litellm_params: { model: 'anthropic/claude-3-5-sonnet', api_key: 'os.environ/ANTHROPIC_API_KEY' },
      model_info: {
        mode: 'chat',
        max_input_tokens: 200000,
        input_cost_per_token: 0.000003,
        output_cost_per_token: 0.000015,
      },
    });
    expect(entryOf(list, 'together/meta-llama/Llama-3-70b-chat-hf')).toEqual({
      model_name: 'together/meta-llama/Llama-3-70b-chat-hf',
      litellm_params: {
        model: 'together_ai/meta-llama/Llama-3-70b-chat-hf',
        api_key: 'os.environ/TOGETHER_API_KEY',
      },
      model_info: { mode: 'chat', max_input_tokens: 128000 },
    });
    // A server declared in PROVIDERS_PATH: OpenAI-compatible at its base URL, without a key variable.
    expect(entryOf(list, 'ollama/llama3.2')).toEqual({
      model_name: 'ollama/llama3.2',
      litellm_params: { model: 'openai/llama3.2', api_base: 'http://127.0.0.1:11434/v1', api_key: 'none' },
      model_info: { mode: 'chat' },
    });
    // No built-in group, and no price written as 0 or in exponent notation (PyYAML would read 2e-6 as text).
    for (const entry of list)
      expect(entry.model_info?.access_groups ?? [], entry.model_name).not.toContain('all');
    expect(config.body).not.toMatch(/cost_per_token: 0(\.0)?\n/);
    expect(config.body).not.toMatch(/\de-\d/);
    expect(config.body).toContain('input_cost_per_token: 0.0000025\n');
    expect(config.body).toContain('input_cost_per_token: 0.00000002\n');
  });

  it("writes only a team's models for --team, and refuses a team that does not exist", async () => {
    const config = await gatewayConfig(handle.db, { format: 'litellm', team: 'search', env: ENV });
    expect(config.team).toBe('search');
    expect(config.models).toBe(2);
    expect(config.body).toContain('for team search.');
    expect(config.body).toContain('--team search');
    expect(litellmOf(config.body).map((e) => e.model_name)).toEqual([
      'mistral-embed',
      'openai/text-embedding-3-small',
    ]);

    const refused = gatewayConfig(handle.db, { format: 'litellm', team: 'nope', env: ENV });
    await expect(refused).rejects.toBeInstanceOf(UnknownTeamError);
    await expect(refused).rejects.toMatchObject({ kind: 'usage', team: 'nope' });
    await expect(refused).rejects.toThrow('No team "nope" exists');
    // Without ACCESS_PATH there are no teams at all.
    await expect(
      gatewayConfig(handle.db, { format: 'librechat', team: 'search', env: { PROVIDERS_PATH } }),
    ).rejects.toBeInstanceOf(UnknownTeamError);
  });

  it('gives the same bytes and ETag at the same revision, and new ones after an edit', async () => {
    const first = await gatewayConfig(handle.db, { format: 'litellm', env: ENV });
    const again = await gatewayConfig(handle.db, { format: 'litellm', env: ENV });
    expect(again.body).toBe(first.body);
    expect(again.etag).toBe(first.etag);
    expect(again.revision).toBe(first.revision);
    expect(first.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    // Another format or another team is another ETag.
    const librechat = await gatewayConfig(handle.db, { format: 'librechat', env: ENV });
    const team = await gatewayConfig(handle.db, { format: 'litellm', team: 'search', env: ENV });
    expect(new Set([first.etag, librechat.etag, team.etag]).size).toBe(3);

    await setPrice('anthropic', 'claude-3-5-sonnet', '0.15', '15');
    const priced = await gatewayConfig(handle.db, { format: 'litellm', env: ENV });
    expect(priced.revision).toBeGreaterThan(first.revision);
    expect(priced.etag).not.toBe(first.etag);
    expect(priced.body).not.toBe(first.body);
    expect(entryOf(litellmOf(priced.body), 'anthropic/claude-3-5-sonnet').model_info).toMatchObject({
      input_cost_per_token: 0.00000015,
    });
    expect(priced.body).toContain('input_cost_per_token: 0.00000015\n');

    await handle.db.update(models).set({ status: 'inactive' }).where(row('openai', 'gpt-4o'));
    const dropped = await gatewayConfig(handle.db, { format: 'litellm', env: ENV });
    expect(dropped.revision).toBeGreaterThan(priced.revision);
    expect(dropped.etag).not.toBe(priced.etag);
    expect(litellmOf(dropped.body).map((e) => e.model_name)).not.toContain('openai/gpt-4o');
    expect(dropped.models).toBe(ALL_IDS.length - 1);
  });

  it('names what it cannot route when a provider is neither built in nor declared', async () => {
    const config = await gatewayConfig(handle.db, { format: 'litellm', env: { ACCESS_PATH } });
    expect(config.unrouted).toEqual([{ provider: 'ollama', count: 1 }]);
    expect(config.models).toBe(ALL_IDS.length - 1);
    expect(config.body).toContain('Not routed: 1 model(s) of provider "ollama"');
    expect(litellmOf(config.body).map((e) => e.model_name)).not.toContain('ollama/llama3.2');
  });
});

describe(`the LibreChat config on ${engine}`, () => {
  it("is valid by LibreChat's own schema, one custom endpoint per provider with chat models", async () => {
    const config = await gatewayConfig(handle.db, { format: 'librechat', env: ENV });
    expect(config.models).toBe(6);
    expect(config.body.startsWith('# LibreChat config, written by Model Registry')).toBe(true);
    const parsed = parse(config.body);
    const whole = configSchema.safeParse(parsed);
    expect(whole.success, JSON.stringify(whole.error?.issues)).toBe(true);
    const custom = parsed.endpoints.custom as Record<string, unknown>[];
    for (const endpoint of custom) {
      const one = endpointSchema.safeParse(endpoint);
      expect(one.success, `${endpoint.name}: ${JSON.stringify(one.error?.issues)}`).toBe(true);
    }
    // Why each entry is checked alone: configSchema takes a custom endpoint without its URL, endpointSchema not.
    const broken = { ...custom[0], baseURL: undefined };
    expect(configSchema.safeParse({ ...parsed, endpoints: { custom: [broken] } }).success).toBe(true);
    expect(endpointSchema.safeParse(broken).success).toBe(false);
    expect(
      custom.map((e) => [e.name, e.apiKey, e.baseURL, (e.models as { default: string[] }).default]),
    ).toEqual([
      ['Mistral AI', ref('MISTRAL_API_KEY'), 'https://api.mistral.ai/v1', ['mistral-large-latest']],
      ['OpenAI', ref('OPENAI_API_KEY'), 'https://api.openai.com/v1', ['gpt-4-turbo', 'gpt-4o']],
      ['Anthropic', ref('ANTHROPIC_API_KEY'), 'https://api.anthropic.com/v1', ['claude-3-5-sonnet']],
      [
        'Together AI',
        ref('TOGETHER_API_KEY'),
        'https://api.together.xyz/v1',
        ['meta-llama/Llama-3-70b-chat-hf'],
      ],
      ['Ollama', 'none', 'http://127.0.0.1:11434/v1', ['llama3.2']],
    ]);
    for (const endpoint of custom) expect(endpoint.models).toMatchObject({ fetch: false });
    // Chat models only: neither embedding model, nor the inactive one.
    for (const absent of ['mistral-embed', 'text-embedding-3-small', 'mistral-tiny']) {
      expect(config.body, absent).not.toContain(absent);
    }

    const specs = parsed.modelSpecs.list as Record<string, unknown>[];
    const displayNames = new Map(
      (await handle.db.select().from(models)).map((m) => [
        m.provider === 'mistral' ? m.modelId : `${m.provider}/${m.modelId}`,
        m.displayName,
      ]),
    );
    expect(specs.map((s) => s.name)).toEqual([
      'anthropic/claude-3-5-sonnet',
      'mistral-large-latest',
      'ollama/llama3.2',
      'openai/gpt-4-turbo',
      'openai/gpt-4o',
      'together/meta-llama/Llama-3-70b-chat-hf',
    ]);
    for (const spec of specs) expect(spec.label, String(spec.name)).toBe(displayNames.get(String(spec.name)));
    const byName = new Map(specs.map((s) => [s.name, s]));
    expect(byName.get('mistral-large-latest')).toEqual({
      name: 'mistral-large-latest',
      label: 'Mistral Large',
      description: 'The flagship.',
      default: true,
      group: 'Mistral AI',
      preset: { endpoint: 'Mistral AI', model: 'mistral-large-latest' },
    });
    expect(byName.get('openai/gpt-4-turbo')).toEqual({
      name: 'openai/gpt-4-turbo',
      label: 'GPT-4 Turbo',
      description: 'Deprecated: retires 2099-01-31; use openai/gpt-4o instead.',
      group: 'OpenAI',
      preset: { endpoint: 'OpenAI', model: 'gpt-4-turbo' },
    });
    expect(byName.get('ollama/llama3.2')).toMatchObject({
      group: 'Ollama',
      preset: { endpoint: 'Ollama', model: 'llama3.2' },
    });
    expect(specs.filter((s) => s.default === true)).toHaveLength(1);
  });

  it("for a team of embedding models has no endpoints and no specs, and is still LibreChat's shape", async () => {
    const config = await gatewayConfig(handle.db, { format: 'librechat', team: 'search', env: ENV });
    expect(config.models).toBe(0);
    const parsed = parse(config.body);
    expect(configSchema.safeParse(parsed).success).toBe(true);
    expect(parsed.endpoints.custom).toEqual([]);
    expect(parsed.modelSpecs.list).toEqual([]);
  });
});

describe(`checking a deployed config on ${engine}`, () => {
  it('matches itself, header aside, and differs after an edit, a removed model named in the diff', async () => {
    const deployed = await gatewayConfig(handle.db, { format: 'litellm', env: ENV });
    expect(checkGatewayConfig(deployed.body, 'config.yaml', deployed)).toMatchObject({ matches: true });
    // The header names the revision, which moves for changes the config does not show: it is not compared.
    const otherHeader = deployed.body.replace(/revision \d+/, 'revision 999999');
    expect(otherHeader).not.toBe(deployed.body);
    expect(checkGatewayConfig(otherHeader, 'config.yaml', deployed).matches).toBe(true);
    expect(checkGatewayConfig(deployed.body.replace(/\n/g, '\r\n'), 'config.yaml', deployed).matches).toBe(
      true,
    );

    await setPrice('openai', 'gpt-4-turbo', '10', '30');
    const now = await gatewayConfig(handle.db, { format: 'litellm', env: ENV });
    const check = checkGatewayConfig(deployed.body, 'config.yaml', now);
    expect(check.matches).toBe(false);
    if (check.matches) return;
    expect(check.diff).toContain('--- config.yaml');
    expect(check.diff).toContain(`+++ registry revision ${now.revision}`);
    expect(check.diff).toContain('+      input_cost_per_token: 0.00001');
    expect(check.diff).toContain('+      output_cost_per_token: 0.00003');
    // Only that entry changed. (Its model_name is 4 lines above the new prices, outside the diff's 3 lines of
    // context: a price change's diff does not name its model.)
    const changed = check.diff.split('\n').filter((l) => /^[+-] /.test(l));
    expect(changed).toHaveLength(2);
    expect(checkGatewayConfig(now.body, 'config.yaml', now).matches).toBe(true);

    // A model removed: its lines are the diff's removals.
    await handle.db.update(models).set({ status: 'inactive' }).where(row('anthropic', 'claude-3-5-sonnet'));
    const fewer = await gatewayConfig(handle.db, { format: 'litellm', env: ENV });
    const removed = checkGatewayConfig(now.body, 'config.yaml', fewer);
    expect(removed.matches).toBe(false);
    if (removed.matches) return;
    expect(removed.diff).toContain('-  - model_name: anthropic/claude-3-5-sonnet');
    expect(removed.diff).toContain('-      model: anthropic/claude-3-5-sonnet');
    expect(removed.diff.split('\n').filter((l) => /^\+ /.test(l))).toEqual([]);
    expect(removed.diff).not.toContain('gpt-4-turbo');
  });

  it('parses the format, refusing an unknown one by naming the known ones', () => {
    expect(parseGatewayFormat('litellm')).toBe('litellm');
    expect(parseGatewayFormat('librechat')).toBe('librechat');
    for (const bad of ['nope', 'LiteLLM', '', undefined, null]) {
      expect(() => parseGatewayFormat(bad)).toThrow(RegistryError);
      expect(() => parseGatewayFormat(bad)).toThrow('Use one of: litellm, librechat.');
    }
  });
});

describe(`GET /api/v1/gateways/{format} on ${engine}`, () => {
  let served: Served;
  let env: Record<string, string | undefined> = {};
  let token: string | undefined;
  // Every answer is held against the OpenAPI document's path for the gateways.
  const documented = checkedAgainstOpenApi((request) => {
    const path = new URL(request.url).pathname;
    const prefix = '/api/v1/gateways/';
    if (!path.startsWith(prefix)) return Promise.resolve(new Response('not found', { status: 404 }));
    return gatewayConfigResponse(request, decodeURIComponent(path.slice(prefix.length)), {
      db: async (): Promise<Database> => handle.db,
      token,
      env,
    });
  });

  beforeAll(async () => {
    served = await serveHandler(documented);
  });
  afterAll(async () => {
    await served?.close();
  });
  beforeEach(async () => {
    env = { ...ENV };
    token = undefined;
    await handle.db.execute(sql`truncate api_keys, access_events, api_key_failures restart identity`);
  });

  async function get(path: string, key?: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${served.url}${path}`, {
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : null;
    return { status: response.status, headers: response.headers, text, json };
  }
  const newKey = (input: Parameters<typeof createKey>[2]) =>
    createKey(handle.db, loadAccessDeclarations(env), input);

  it('serves the platform (REGISTRY_API_TOKEN or a platform key) YAML with an ETag, and 304 on a match', async () => {
    token = PLATFORM_TOKEN;
    env = { ...ENV, REGISTRY_API_TOKEN: PLATFORM_TOKEN };
    const ok = await get('/api/v1/gateways/litellm', PLATFORM_TOKEN);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    const expected = await gatewayConfig(handle.db, { format: 'litellm', env: ENV });
    expect(ok.text).toBe(expected.body);
    expect(ok.headers.get('etag')).toBe(expected.etag);
    expect(ok.headers.get('x-registry-revision')).toBe(String(expected.revision));
    expect(ok.headers.get('cache-control')).toBe('private, no-cache');
    expect(
      litellmOf(ok.text)
        .map((e) => e.model_name)
        .sort(),
    ).toEqual(ALL_IDS);

    const cached = await get('/api/v1/gateways/litellm', PLATFORM_TOKEN, {
      'If-None-Match': expected.etag,
    });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');
    expect(cached.headers.get('etag')).toBe(expected.etag);
    // Another ETag, or the ETag after an edit: the whole config again.
    const stale = await get('/api/v1/gateways/litellm', PLATFORM_TOKEN, { 'If-None-Match': '"nope"' });
    expect(stale.status).toBe(200);
    await setPrice('together', 'meta-llama/Llama-3-70b-chat-hf', '0.9', '0.9');
    const edited = await get('/api/v1/gateways/litellm', PLATFORM_TOKEN, {
      'If-None-Match': expected.etag,
    });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).not.toBe(expected.etag);
    expect(Number(edited.headers.get('x-registry-revision'))).toBeGreaterThan(expected.revision);

    const { key } = await newKey({ name: 'Gateway', kind: 'platform', actor: 'cli' });
    const librechat = await get('/api/v1/gateways/librechat', key);
    expect(librechat.status, librechat.text).toBe(200);
    expect(librechat.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(configSchema.safeParse(parse(librechat.text)).success).toBe(true);
    const team = await get('/api/v1/gateways/litellm?team=search', key);
    expect(team.status).toBe(200);
    expect(litellmOf(team.text).map((e) => e.model_name)).toEqual([
      'mistral-embed',
      'openai/text-embedding-3-small',
    ]);
  });

  it('refuses a team key (403), no key (401), an unknown gateway (404) and an unknown team (400)', async () => {
    const { key: teamKey } = await newKey({ name: 'Search', kind: 'team', team: 'search', actor: 'cli' });
    const { key: platformKey } = await newKey({ name: 'Gateway', kind: 'platform', actor: 'cli' });

    // Open consumer API (no token): anyone may list models, but not read a gateway's config.
    const anyone = await get('/api/v1/gateways/litellm');
    expect(anyone.status).toBe(401);
    expect(anyone.json.error.code).toBe('platform_key_required');
    expect(anyone.headers.get('www-authenticate')).toBe('Bearer realm="model-registry"');
    expect(anyone.text).not.toContain('model_list');

    const team = await get('/api/v1/gateways/litellm', teamKey);
    expect(team.status).toBe(403);
    expect(team.json.error.code).toBe('platform_key_required');
    expect(team.text).not.toContain('mistral-embed');
    expect((await get('/api/v1/gateways/librechat?team=search', teamKey)).status).toBe(403);

    const unknown = await get('/api/v1/gateways/nope', platformKey);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('gateway_not_found');
    expect(unknown.json.error.message).toContain('litellm, librechat');

    const noTeam = await get('/api/v1/gateways/litellm?team=nope', platformKey);
    expect(noTeam.status).toBe(400);
    expect(noTeam.json.error.code).toBe('team_not_found');
    expect(noTeam.json.error.message).toContain('nope');

    // With REGISTRY_API_TOKEN set the API answers only with a key: no key, a wrong one, a team's.
    token = PLATFORM_TOKEN;
    env = { ...ENV, REGISTRY_API_TOKEN: PLATFORM_TOKEN };
    expect((await get('/api/v1/gateways/litellm')).status).toBe(401);
    expect((await get('/api/v1/gateways/litellm', 'platform-token-wrong')).status).toBe(401);
    expect((await get('/api/v1/gateways/litellm', teamKey)).status).toBe(403);
    expect((await get('/api/v1/gateways/librechat', PLATFORM_TOKEN)).status).toBe(200);
    expect((await get('/api/v1/gateways/nope', PLATFORM_TOKEN)).status).toBe(404);
    expect((await get('/api/v1/gateways/litellm?team=nope', PLATFORM_TOKEN)).status).toBe(400);
  });
});
