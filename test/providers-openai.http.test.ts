// The OpenAI adapter over real HTTP against a local server that answers GET /v1/models as OpenAI does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiProvider, openAiProviderFromEnv } from '../lib/registry/providers/openai';
import recorded from './fixtures/providers/openai-models.json';
import { type FakeListServer, providerFailure, startFakeListServer } from './support/fake-list-server';

const KEY = 'sk-proj-TEST-SECRET-0123456789';
// OpenAI's error shape: {"error": {"message", "type", "param", "code"}}.
const openAiError = (message: string, code: string | null) => ({
  error: { message, type: 'invalid_request_error', param: null, code },
});
let fake: FakeListServer;

const client = (extra: Partial<ConstructorParameters<typeof OpenAiProvider>[0]> = {}) =>
  new OpenAiProvider({ apiKey: KEY, baseUrl: fake.url, timeoutMs: 2_000, retryBaseDelayMs: 10, ...extra });

const failure = (promise: Promise<unknown>) => providerFailure(promise, KEY);

beforeAll(async () => {
  fake = await startFakeListServer({
    path: '/v1/models',
    authorized: (headers) => headers.authorization === `Bearer ${KEY}`,
    unauthorized: {
      status: 401,
      body: openAiError(
        'Incorrect API key provided: sk-wrong***6789. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_api_key',
      ),
    },
    notFound: { status: 404, body: openAiError('Invalid URL (GET /v1/v1/models)', null) },
    recorded,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

describe('the OpenAI adapter', () => {
  it('reads every recorded card with the key sent as a bearer token, sorted, nothing guessed', async () => {
    const catalog = await client().fetchCatalog();
    expect(fake.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/v1/models', `Bearer ${KEY}`],
    ]);
    expect(catalog.provider).toBe('openai');
    expect(catalog.source).toEqual({ kind: 'api', url: `${fake.url}/v1/models` });
    expect(catalog.warnings).toEqual([]);
    expect(catalog.cards).toHaveLength(recorded.data.length);
    const ids = catalog.cards.map((c) => c.modelId);
    expect(ids).toEqual([...recorded.data.map((c) => c.id)].sort());
    expect(catalog.cards.find((c) => c.modelId === 'gpt-4o')).toEqual({
      modelId: 'gpt-4o',
      groupName: 'gpt-4o',
      aliases: [],
      description: null,
      contextLength: null,
      capabilities: [],
      type: 'chat',
      deprecation: null,
      deprecationReplacement: null,
    });
  });

  it('derives each type from the id alone; a fine-tune takes its base model’s type', async () => {
    const catalog = await client().fetchCatalog();
    const types = Object.fromEntries(catalog.cards.map((c) => [c.modelId, c.type]));
    expect(types).toMatchObject({
      'gpt-4o-2024-08-06': 'chat',
      'gpt-4.1-nano': 'chat',
      o3: 'chat',
      'gpt-5-mini': 'chat',
      'gpt-3.5-turbo': 'chat',
      'text-embedding-3-small': 'embedding',
      'text-embedding-3-large': 'embedding',
      'text-embedding-ada-002': 'embedding',
      'omni-moderation-latest': 'moderation',
      'whisper-1': 'audio',
      'tts-1': 'audio',
      'tts-1-hd': 'audio',
      'gpt-4o-transcribe': 'audio',
      'dall-e-3': 'image',
      'gpt-image-1': 'image',
      'ft:gpt-4o-mini-2024-07-18:acme-corp::AbC12dEf': 'chat',
    });
    // Every type is one of those; none is left 'other' for a list OpenAI really sends.
    expect(new Set(Object.values(types))).toEqual(
      new Set(['chat', 'embedding', 'moderation', 'audio', 'image']),
    );
  });

  it('types ids it has not listed yet: audio and realtime models, text moderation, fine-tunes, video as other', async () => {
    fake.enqueue({
      body: {
        object: 'list',
        data: [
          { id: 'gpt-4o-audio-preview', object: 'model', created: 1, owned_by: 'system' },
          { id: 'gpt-4o-realtime-preview-2024-12-17', object: 'model', created: 1, owned_by: 'system' },
          { id: 'gpt-4o-mini-tts', object: 'model', created: 1, owned_by: 'system' },
          { id: 'text-moderation-007', object: 'model', created: 1, owned_by: 'system' },
          { id: 'ft:text-embedding-3-small:acme::x1', object: 'model', created: 1, owned_by: 'acme' },
          { id: 'ft:whisper-1:acme::x2', object: 'model', created: 1, owned_by: 'acme' },
          { id: 'davinci-002', object: 'model', created: 1, owned_by: 'system' },
          { id: 'chatgpt-image-latest', object: 'model', created: 1, owned_by: 'system' },
          { id: 'gpt-realtime', object: 'model', created: 1, owned_by: 'system' },
          { id: 'sora-2', object: 'model', created: 1, owned_by: 'system' },
        ],
      },
    });
    const types = Object.fromEntries((await client().fetchCatalog()).cards.map((c) => [c.modelId, c.type]));
    expect(types).toEqual({
      'gpt-4o-audio-preview': 'audio',
      'gpt-4o-realtime-preview-2024-12-17': 'audio',
      'gpt-4o-mini-tts': 'audio',
      'text-moderation-007': 'moderation',
      'ft:text-embedding-3-small:acme::x1': 'embedding',
      'ft:whisper-1:acme::x2': 'audio',
      'davinci-002': 'chat',
      'chatgpt-image-latest': 'image',
      'gpt-realtime': 'audio',
      // Video is a kind the registry does not know.
      'sora-2': 'other',
    });
  });

  it('reports a wrong key in OpenAI’s words, naming OPENAI_API_KEY, without retrying', async () => {
    const error = await failure(client({ apiKey: 'sk-wrong-0000006789' }).fetchCatalog());
    expect(error.message).toMatch(
      /OpenAI answered .*\/v1\/models with HTTP 401: Incorrect API key provided.*Check OPENAI_API_KEY\./,
    );
    expect(error.message).not.toContain('sk-wrong-0000006789');
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a base URL that already ends in /v1 as a 404 naming OPENAI_API_URL', async () => {
    const error = await failure(client({ baseUrl: `${fake.url}/v1` }).fetchCatalog());
    expect(error.message).toMatch(/HTTP 404: Invalid URL \(GET \/v1\/v1\/models\)\. Check OPENAI_API_URL\./);
  });

  it('retries a 429 and a 503 in OpenAI’s shape, then reads the list', async () => {
    fake.enqueue(
      {
        status: 429,
        headers: { 'retry-after': '0' },
        body: openAiError('Rate limit reached for requests', 'rate_limit_exceeded'),
      },
      { status: 503, body: openAiError('The server is overloaded or not ready yet.', null) },
    );
    const reasons: string[] = [];
    const catalog = await client().fetchCatalog({ onRetry: ({ reason }) => reasons.push(reason) });
    expect(reasons).toEqual([
      expect.stringContaining('HTTP 429: Rate limit reached for requests'),
      expect.stringContaining('HTTP 503: The server is overloaded'),
    ]);
    expect(catalog.cards).toHaveLength(recorded.data.length);
  });

  it('tolerates drift, skips ids that break the rule, keeps one of a duplicate, refuses a list that is not one', async () => {
    fake.enqueue({
      body: {
        object: 'list',
        data: [
          { id: 'gpt-new', brand_new_field: { nested: true } },
          { id: 'gpt-new', object: 'model', created: 2, owned_by: 'system' },
          { id: 'bad\u001b[31mid' },
          { object: 'model' },
          { id: '  padded-id  ', owned_by: 7 },
        ],
      },
    });
    const catalog = await client().fetchCatalog();
    expect(catalog.cards.map((c) => [c.modelId, c.type])).toEqual([
      ['gpt-new', 'chat'],
      ['padded-id', 'chat'],
    ]);
    expect(catalog.warnings).toEqual([
      expect.stringMatching(
        /card 2 has the id "bad\\u001b\[31mid", which breaks the model-id rule.*skipped$/,
      ),
      expect.stringMatching(/card 3 has no id; skipped$/),
      expect.stringMatching(/gpt-new is listed 2 times; kept one$/),
    ]);
    fake.enqueue({ body: [{ id: 'gpt-4o' }] }, { body: { data: [{ id: '' }, { nope: 1 }] } });
    expect((await failure(client().fetchCatalog())).message).toMatch(
      /expected a JSON object with a "data" array/,
    );
    expect((await failure(client().fetchCatalog())).message).toMatch(/2 of 2 cards have no usable id/);
  });

  it('is configured from OPENAI_API_KEY and OPENAI_API_URL, refusing bad settings by name', () => {
    expect(() => openAiProviderFromEnv({})).toThrow(/OPENAI_API_KEY is not set/);
    expect(() => openAiProviderFromEnv({ OPENAI_API_KEY: 'k', OPENAI_API_URL: 'ftp://x' })).toThrow(
      /OPENAI_API_URL must be an http\(s\) URL/,
    );
    expect(() => openAiProviderFromEnv({ OPENAI_API_KEY: 'k', OPENAI_TIMEOUT_MS: '5' })).toThrow(
      /OPENAI_TIMEOUT_MS must be a whole number/,
    );
    expect(openAiProviderFromEnv({ OPENAI_API_KEY: 'k' }).modelsUrl).toBe('https://api.openai.com/v1/models');
    expect(openAiProviderFromEnv({ OPENAI_API_KEY: 'k', OPENAI_API_URL: 'http://gw:8080/' }).modelsUrl).toBe(
      'http://gw:8080/v1/models',
    );
  });
});
