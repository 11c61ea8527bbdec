// The Groq adapter over real HTTP against a local server that answers GET /openai/v1/models as Groq does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GroqProvider, groqProviderFromEnv } from '../lib/registry/providers/groq';
import recorded from './fixtures/providers/groq-models.json';
import { type FakeListServer, providerFailure, startFakeListServer } from './support/fake-list-server';

const KEY = 'gsk_TEST_SECRET_0123456789';
// Groq's error shape (OpenAI's): {"error": {"message", "type", "code"}}.
const groqError = (message: string, code: string) => ({
  error: { message, type: 'invalid_request_error', code },
});
let fake: FakeListServer;

const client = (extra: Partial<ConstructorParameters<typeof GroqProvider>[0]> = {}) =>
  new GroqProvider({ apiKey: KEY, baseUrl: fake.url, timeoutMs: 2_000, retryBaseDelayMs: 10, ...extra });

const failure = (promise: Promise<unknown>) => providerFailure(promise, KEY);

beforeAll(async () => {
  fake = await startFakeListServer({
    path: '/openai/v1/models',
    authorized: (headers) => headers.authorization === `Bearer ${KEY}`,
    unauthorized: { status: 401, body: groqError('Invalid API Key', 'invalid_api_key') },
    notFound: {
      status: 404,
      body: groqError('Unknown request URL: GET /v1/models. Please check the URL for typos.', 'unknown_url'),
    },
    recorded,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

describe('the Groq adapter', () => {
  it('reads every recorded card from /openai/v1/models with a bearer key, normalised field by field', async () => {
    const catalog = await client().fetchCatalog();
    expect(fake.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/openai/v1/models', `Bearer ${KEY}`],
    ]);
    expect(catalog.provider).toBe('groq');
    expect(catalog.source).toEqual({ kind: 'api', url: `${fake.url}/openai/v1/models` });
    expect(catalog.warnings).toEqual([]);
    expect(catalog.cards.map((c) => c.modelId)).toEqual([
      'llama-3.1-8b-instant',
      'llama-3.3-70b-versatile',
      'meta-llama/llama-guard-4-12b',
      'moonshotai/kimi-k2-instruct-0905',
      'openai/gpt-oss-120b',
      'whisper-large-v3',
    ]);
    const byId = Object.fromEntries(catalog.cards.map((c) => [c.modelId, c]));
    expect(byId['llama-3.3-70b-versatile']).toEqual({
      modelId: 'llama-3.3-70b-versatile',
      groupName: 'llama-3.3-70b-versatile',
      aliases: [],
      description: null,
      contextLength: 131072,
      capabilities: [],
      type: 'chat',
      deprecation: null,
      deprecationReplacement: null,
    });
    expect(byId['moonshotai/kimi-k2-instruct-0905']).toMatchObject({ contextLength: 262144, type: 'chat' });
    expect(byId['whisper-large-v3']).toMatchObject({ contextLength: 448, type: 'audio' });
    expect(byId['meta-llama/llama-guard-4-12b']).toMatchObject({ contextLength: 131072, type: 'moderation' });
  });

  it('lists an inactive model with a warning, and leaves an unreadable context window unknown', async () => {
    fake.enqueue({
      body: {
        object: 'list',
        data: [
          { id: 'retired-model', object: 'model', active: false, context_window: 8192 },
          { id: 'no-window', object: 'model', active: true },
          { id: 'zero-window', active: true, context_window: 0 },
          { id: 'text-window', context_window: '131072', brand_new: [1] },
          { id: 'distil-whisper-large-v3-en', active: true, context_window: 448 },
          { id: 'playai-tts', active: true, context_window: 8192 },
        ],
      },
    });
    const catalog = await client().fetchCatalog();
    expect(catalog.cards.map((c) => [c.modelId, c.contextLength, c.type])).toEqual([
      ['distil-whisper-large-v3-en', 448, 'audio'],
      ['no-window', null, 'chat'],
      ['playai-tts', 8192, 'audio'],
      ['retired-model', 8192, 'chat'],
      ['text-window', null, 'chat'],
      ['zero-window', null, 'chat'],
    ]);
    expect(catalog.warnings).toEqual([
      expect.stringMatching(/retired-model: marked inactive by Groq \(active: false\); listed anyway$/),
    ]);
  });

  it('reports a wrong key in Groq’s words naming GROQ_API_KEY, and a wrong base URL naming GROQ_API_URL', async () => {
    const key = await failure(client({ apiKey: 'gsk_wrong' }).fetchCatalog());
    expect(key.message).toMatch(
      /Groq answered .*\/openai\/v1\/models with HTTP 401: Invalid API Key\. Check GROQ_API_KEY\./,
    );
    expect(fake.requests).toHaveLength(1);
    const url = await failure(client({ baseUrl: `${fake.url}/openai` }).fetchCatalog());
    expect(url.message).toMatch(/HTTP 404: Unknown request URL.*Check GROQ_API_URL\./);
  });

  it('retries a 429 with Retry-After, then reads the list; refuses a body that is no list', async () => {
    fake.enqueue({
      status: 429,
      headers: { 'retry-after': '0' },
      body: groqError('Rate limit reached for model', 'rate_limit_exceeded'),
    });
    expect((await client().fetchCatalog()).cards).toHaveLength(recorded.data.length);
    expect(fake.requests).toHaveLength(2);
    fake.enqueue({ body: { object: 'list' } });
    expect((await failure(client().fetchCatalog())).message).toMatch(/not a model list/);
  });

  it('is configured from GROQ_API_KEY and GROQ_API_URL', () => {
    expect(() => groqProviderFromEnv({})).toThrow(/GROQ_API_KEY is not set/);
    expect(groqProviderFromEnv({ GROQ_API_KEY: 'k' }).modelsUrl).toBe(
      'https://api.groq.com/openai/v1/models',
    );
    expect(() => groqProviderFromEnv({ GROQ_API_KEY: 'k', GROQ_API_URL: 'api.groq.com' })).toThrow(
      /GROQ_API_URL must be an http\(s\) URL/,
    );
  });
});
