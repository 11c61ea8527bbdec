// The Together adapter over real HTTP against a local server that answers GET /v1/models as Together does: a bare
// JSON array, each card with its own type, display name and context length.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TogetherProvider, togetherProviderFromEnv } from '../lib/registry/providers/together';
import recorded from './fixtures/providers/together-models.json';
import { type FakeListServer, providerFailure, startFakeListServer } from './support/fake-list-server';

const KEY = 'tgp_v1_TEST_SECRET_0123456789';
const togetherError = (message: string, code: string | null) => ({
  error: { message, type: 'invalid_request_error', param: null, code },
});
let fake: FakeListServer;

const client = (extra: Partial<ConstructorParameters<typeof TogetherProvider>[0]> = {}) =>
  new TogetherProvider({ apiKey: KEY, baseUrl: fake.url, timeoutMs: 2_000, retryBaseDelayMs: 10, ...extra });

const failure = (promise: Promise<unknown>) => providerFailure(promise, KEY);

const card = (fields: Record<string, unknown>) => ({ object: 'model', created: 1733961600, ...fields });

beforeAll(async () => {
  fake = await startFakeListServer({
    path: '/v1/models',
    authorized: (headers) => headers.authorization === `Bearer ${KEY}`,
    unauthorized: {
      status: 401,
      body: togetherError(
        'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.',
        'invalid_api_key',
      ),
    },
    notFound: { status: 404, body: togetherError('Not Found', null) },
    recorded,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

describe('the Together adapter', () => {
  it('reads the recorded bare array with a bearer key, normalised field by field', async () => {
    const catalog = await client().fetchCatalog();
    expect(fake.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/v1/models', `Bearer ${KEY}`],
    ]);
    expect(catalog.provider).toBe('together');
    expect(catalog.source).toEqual({ kind: 'api', url: `${fake.url}/v1/models` });
    expect(catalog.warnings).toEqual([]);
    expect(catalog.cards).toEqual([
      {
        modelId: 'BAAI/bge-large-en-v1.5',
        groupName: 'BAAI/bge-large-en-v1.5',
        aliases: [],
        description: null,
        contextLength: 512,
        capabilities: [],
        type: 'embedding',
        deprecation: null,
        deprecationReplacement: null,
        displayName: 'BAAI-Bge-Large-1.5',
        // Together's pricing is already USD per 1M tokens; an embedding's output is free.
        price: { input: '0.02', output: '0' },
      },
      expect.objectContaining({
        modelId: 'Qwen/Qwen2.5-72B-Instruct-Turbo',
        contextLength: 32768,
        type: 'chat',
        displayName: 'Qwen2.5 72B Instruct Turbo',
        price: { input: '1.2', output: '1.2' },
      }),
      // context_length 0 is "unknown", not a zero-token model.
      expect.objectContaining({
        modelId: 'black-forest-labs/FLUX.1-schnell',
        contextLength: null,
        type: 'image',
        displayName: 'Flux.1 [schnell]',
      }),
      expect.objectContaining({
        modelId: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
        contextLength: 131072,
        type: 'chat',
        displayName: 'Meta Llama 3.3 70B Instruct Turbo',
        price: { input: '0.88', output: '0.88' },
      }),
    ]);
    // An image model is billed per image: Together's 0/0 per token is no price, not "free".
    expect(catalog.cards.find((c) => c.type === 'image')?.price).toBeUndefined();
  });

  it('keeps a price that is not a number unknown, with a warning, never 0', async () => {
    fake.enqueue({
      body: [
        card({ id: 'a/odd', type: 'chat', pricing: { input: 'lots', output: 0.5 } }),
        card({ id: 'a/neg', type: 'chat', pricing: { input: -1, output: null } }),
        card({ id: 'a/free', type: 'chat', pricing: { input: 0, output: 0 } }),
      ],
    });
    const catalog = await client().fetchCatalog();
    expect(Object.fromEntries(catalog.cards.map((c) => [c.modelId, c.price]))).toEqual({
      'a/odd': { input: null, output: '0.5' },
      'a/neg': undefined,
      'a/free': { input: '0', output: '0' },
    });
    expect(catalog.warnings.join('\n')).toMatch(
      /a\/odd.*unreadable input price "lots" ignored \(.*not a number\)/,
    );
    expect(catalog.warnings.join('\n')).toMatch(
      /a\/neg.*unreadable input price -1 ignored \(-1 is negative\)/,
    );
  });

  it('maps Together’s kinds; an unknown kind is `other`, a missing one falls back to the id', async () => {
    fake.enqueue({
      body: [
        card({ id: 'a/lang', type: 'language' }),
        card({ id: 'a/code', type: 'code' }),
        card({ id: 'a/guard', type: 'moderation' }),
        card({ id: 'a/voice', type: 'audio' }),
        card({ id: 'a/stt', type: 'transcribe' }),
        card({ id: 'a/rerank', type: 'rerank' }),
        card({ id: 'a/future', type: 'hologram' }),
        card({ id: 'a/m2-bert-80M-embed' }),
        card({ id: 'a/untyped' }),
      ],
    });
    const types = Object.fromEntries((await client().fetchCatalog()).cards.map((c) => [c.modelId, c.type]));
    expect(types).toEqual({
      'a/lang': 'chat',
      'a/code': 'chat',
      'a/guard': 'moderation',
      'a/voice': 'audio',
      'a/stt': 'audio',
      'a/rerank': 'other',
      'a/future': 'other',
      'a/m2-bert-80M-embed': 'embedding',
      'a/untyped': 'chat',
    });
  });

  it('tolerates drift: no display name, a blank one, control characters, a long one, a {data} wrapper', async () => {
    fake.enqueue({
      body: {
        object: 'list',
        data: [
          card({ id: 'x/plain', type: 'chat' }),
          card({ id: 'x/blank', type: 'chat', display_name: '   ', context_length: -1 }),
          card({ id: 'x/evil', type: 'chat', display_name: 'Evil\u001b[2J Model', pricing: 'n/a' }),
          card({ id: 'x/long', type: 'chat', display_name: `${'é'.repeat(199)}😀😀` }),
        ],
      },
    });
    const catalog = await client().fetchCatalog();
    const byId = Object.fromEntries(catalog.cards.map((c) => [c.modelId, c]));
    expect(byId['x/plain']).not.toHaveProperty('displayName');
    expect(byId['x/blank']).not.toHaveProperty('displayName');
    expect(byId['x/blank']?.contextLength).toBeNull();
    expect(byId['x/evil']?.displayName).toBe('Evil[2J Model');
    // Cut to the 200 UTF-16 units a display name may hold, never inside a surrogate pair.
    expect(byId['x/long']?.displayName).toBe('é'.repeat(199));
    expect(catalog.warnings).toEqual([
      expect.stringMatching(/x\/evil: control characters removed from its display name$/),
      expect.stringMatching(/x\/long: display name cut to 200 characters$/),
    ]);
  });

  it('reports a wrong key in Together’s words naming TOGETHER_API_KEY; refuses an answer that is no list', async () => {
    const error = await failure(client({ apiKey: 'tgp_wrong' }).fetchCatalog());
    expect(error.message).toMatch(
      /Together answered .* with HTTP 401: Invalid API key provided.*Check TOGETHER_API_KEY\./,
    );
    fake.enqueue({ body: { models: [] } });
    expect((await failure(client().fetchCatalog())).message).toMatch(
      /expected a JSON array or an object with a "data" array/,
    );
    fake.enqueue(
      { status: 500, body: togetherError('Internal server error', null) },
      { body: '[{"id": "x"' },
    );
    expect((await failure(client({ maxRetries: 1 }).fetchCatalog())).message).toMatch(/not valid JSON/);
  });

  it('is configured from TOGETHER_API_KEY and TOGETHER_API_URL', () => {
    expect(() => togetherProviderFromEnv({ TOGETHER_API_KEY: ' ' })).toThrow(/TOGETHER_API_KEY is not set/);
    expect(togetherProviderFromEnv({ TOGETHER_API_KEY: 'k' }).modelsUrl).toBe(
      'https://api.together.xyz/v1/models',
    );
  });
});
