// The real Gemini adapter over real HTTP against a local server that serves Gemini's recorded pages only to a
// request carrying x-goog-api-key, and only for the pageSize and pageToken the recorded request used.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RegistryError } from '../lib/registry/errors';
import { GeminiProvider, geminiProviderFromEnv } from '../lib/registry/providers/gemini';
import recorded from './fixtures/providers/gemini-models.pages.json';
import { type FakeProvider, type RecordedPage, startFakeProvider } from './support/fake-provider';

const KEY = 'AIza-test-SECRET-0123456789';
const PAGES = recorded.pages as RecordedPage[];
const googleError = (code: number, status: string, message: string, reason?: string) => ({
  error: {
    code,
    message,
    status,
    ...(reason
      ? {
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason,
              domain: 'googleapis.com',
              metadata: { service: 'generativelanguage.googleapis.com' },
            },
          ],
        }
      : {}),
  },
});
let fake: FakeProvider;

function client(extra: Partial<ConstructorParameters<typeof GeminiProvider>[0]> = {}) {
  return new GeminiProvider({ apiKey: KEY, baseUrl: fake.url, pageSize: 6, retryBaseDelayMs: 10, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  expect((error as RegistryError).kind).toBe('provider');
  expect((error as Error).message).not.toContain(KEY);
  return error as RegistryError;
}

beforeAll(async () => {
  fake = await startFakeProvider({
    path: '/v1beta/models',
    pages: PAGES,
    auth: { 'x-goog-api-key': KEY },
    unauthorized: {
      status: 400,
      body: googleError(
        400,
        'INVALID_ARGUMENT',
        'API key not valid. Please pass a valid API key.',
        'API_KEY_INVALID',
      ),
    },
    unknownQuery: { status: 400, body: googleError(400, 'INVALID_ARGUMENT', 'Invalid page token.') },
  });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.setPages(PAGES);
});

describe('the Gemini adapter', () => {
  it('follows the token pages with the key in x-goog-api-key, never in the URL', async () => {
    const catalog = await client().fetchCatalog();
    expect(fake.requests.map((r) => r.query)).toEqual([
      { pageSize: '6' },
      { pageSize: '6', pageToken: 'Chxtb2RlbHMvZ2VtaW5pLWVtYmVkZGluZy0wMDE=' },
    ]);
    for (const request of fake.requests) {
      expect(request.headers['x-goog-api-key']).toBe(KEY);
      expect(request.headers.authorization).toBeUndefined();
      expect(request.query.key).toBeUndefined();
    }
    expect(catalog.provider).toBe('gemini');
    expect(catalog.source).toEqual({ kind: 'api', url: `${fake.url}/v1beta/models` });
    expect(catalog.warnings).toEqual([]);
    expect(catalog.cards.map((c) => c.modelId)).toEqual([
      'aqa',
      'gemini-2.0-flash',
      'gemini-2.0-flash-001',
      'gemini-2.5-flash',
      'gemini-2.5-flash-lite',
      'gemini-2.5-pro',
      'gemini-embedding-001',
      'gemma-3-27b-it',
      'imagen-4.0-generate-001',
      'text-embedding-004',
    ]);
  });

  it('normalises each card field by field: id without models/, type from the generation methods', async () => {
    const cards = (await client().fetchCatalog()).cards;
    const byId = (id: string) => cards.find((c) => c.modelId === id);
    expect(byId('gemini-2.5-pro')).toEqual({
      modelId: 'gemini-2.5-pro',
      groupName: 'gemini-2.5-pro',
      aliases: [],
      description: 'Stable release (June 17th, 2025) of Gemini 2.5 Pro',
      contextLength: 1048576,
      capabilities: ['batch', 'caching', 'completion_chat', 'reasoning'],
      type: 'chat',
      deprecation: null,
      deprecationReplacement: null,
      displayName: 'Gemini 2.5 Pro',
    });
    // baseModelId says the pinned version and the alias are one model.
    expect(byId('gemini-2.0-flash-001')).toMatchObject({
      groupName: 'gemini-2.0-flash',
      displayName: 'Gemini 2.0 Flash 001',
      capabilities: ['batch', 'caching', 'completion_chat'],
      type: 'chat',
    });
    expect(byId('gemini-embedding-001')).toMatchObject({
      type: 'embedding',
      capabilities: ['embedding'],
      contextLength: 2048,
      description: 'Obtain a distributed representation of a text.',
    });
    expect(byId('text-embedding-004')).toMatchObject({ type: 'embedding', capabilities: ['embedding'] });
    expect(byId('imagen-4.0-generate-001')).toMatchObject({
      type: 'other',
      capabilities: [],
      displayName: 'Imagen 4',
    });
    expect(byId('aqa')).toMatchObject({ type: 'other', contextLength: 7168 });
    // An empty description is no description.
    expect(byId('gemma-3-27b-it')).toMatchObject({ description: null, type: 'chat', contextLength: 131072 });
  });

  it('keeps following while a nextPageToken comes, even after a page that holds fewer than asked', async () => {
    const all = PAGES.flatMap((p) => (p.response as { models: unknown[] }).models);
    fake.setPages([
      { request: { query: { pageSize: '6' } }, response: { models: all.slice(0, 2), nextPageToken: 't1' } },
      { request: { query: { pageSize: '6', pageToken: 't1' } }, response: { nextPageToken: 't2' } },
      {
        request: { query: { pageSize: '6', pageToken: 't2' } },
        response: { models: all.slice(2), nextPageToken: '' },
      },
    ]);
    const catalog = await client().fetchCatalog();
    expect(fake.requests).toHaveLength(3);
    expect(catalog.cards).toHaveLength(10);
  });

  it('stops with an error, not a loop, when a page token comes back', async () => {
    fake.enqueue(
      { body: { models: [{ name: 'models/a' }], nextPageToken: 'same' } },
      { body: { models: [{ name: 'models/b' }], nextPageToken: 'same' } },
    );
    expect((await failure(client().fetchCatalog())).message).toMatch(
      /page 2\) gives a nextPageToken it gave before; stopped rather than loop/,
    );
    expect(fake.requests).toHaveLength(2);
  });

  it('reports a wrong key (Gemini’s 400) in Gemini’s own words, naming the variable, without retrying', async () => {
    const error = await failure(
      new GeminiProvider({ apiKey: 'AIza-wrong', baseUrl: fake.url, pageSize: 6 }).fetchCatalog(),
    );
    expect(error.message).toMatch(
      /Gemini answered .*\/v1beta\/models\?pageSize=6 with HTTP 400: API key not valid\. Please pass a valid API key\. Check GEMINI_API_KEY\./,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a key without access (403) and an unknown page token (400) as they are', async () => {
    fake.enqueue({
      status: 403,
      body: googleError(403, 'PERMISSION_DENIED', 'Method doesn\u2019t allow unregistered callers'),
    });
    expect((await failure(client().fetchCatalog())).message).toMatch(
      /HTTP 403: Method doesn’t allow unregistered callers\. Check GEMINI_API_KEY\./,
    );
    fake.enqueue({ body: { models: [{ name: 'models/a' }], nextPageToken: 'expired' } });
    const error = await failure(client().fetchCatalog());
    expect(error.message).toMatch(/HTTP 400: Invalid page token\.$/);
  });

  it('retries 429 RESOURCE_EXHAUSTED and 503 UNAVAILABLE, then reads every page', async () => {
    fake.enqueue(
      { status: 429, body: googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted') },
      { status: 503, body: googleError(503, 'UNAVAILABLE', 'The model is overloaded.') },
    );
    const seen: (number | null)[] = [];
    const catalog = await client().fetchCatalog({ onRetry: ({ status }) => seen.push(status) });
    expect(seen).toEqual([429, 503]);
    expect(catalog.cards).toHaveLength(10);
  });

  it('refuses an answer that is not a list, and tolerates drift in the cards', async () => {
    fake.enqueue({ body: [] });
    expect((await failure(client().fetchCatalog())).message).toMatch(/page 1\) is not a model list/);
    fake.enqueue({ body: { models: { name: 'models/x' } } });
    expect((await failure(client().fetchCatalog())).message).toMatch(/"models" is not an array/);
    fake.enqueue({
      body: {
        models: [
          { name: 'models/bare' },
          {
            name: 'models/gemini-9-ultra',
            baseModelId: 'not an id',
            displayName: '',
            description: 'Next\u0007 model',
            inputTokenLimit: '1M',
            supportedGenerationMethods: ['embedContent', 42, 'teleport'],
            thinking: 'yes',
            brandNewField: { nested: true },
          },
          { name: 'no-prefix-model', supportedGenerationMethods: ['generateContent'] },
          { name: 'models/' },
          { displayName: 'nameless' },
        ],
      },
    });
    const catalog = await client().fetchCatalog();
    expect(catalog.cards).toEqual([
      {
        modelId: 'bare',
        groupName: 'bare',
        aliases: [],
        description: null,
        contextLength: null,
        capabilities: [],
        type: 'other',
        deprecation: null,
        deprecationReplacement: null,
      },
      {
        modelId: 'gemini-9-ultra',
        groupName: 'gemini-9-ultra',
        aliases: [],
        description: 'Next model',
        contextLength: null,
        capabilities: ['embedding'],
        type: 'embedding',
        deprecation: null,
        deprecationReplacement: null,
      },
      expect.objectContaining({ modelId: 'no-prefix-model', type: 'chat' }),
    ]);
    expect(catalog.warnings).toEqual([
      expect.stringContaining('card 3 has no id; skipped'),
      expect.stringContaining('card 4 has no id; skipped'),
      expect.stringContaining('gemini-9-ultra: control characters removed from its description'),
    ]);
  });

  it('is configured from the environment, refusing bad settings by name', () => {
    expect(() => geminiProviderFromEnv({ GEMINI_API_KEY: '  ' })).toThrow(/GEMINI_API_KEY is not set/);
    expect(() => geminiProviderFromEnv({ GEMINI_API_KEY: 'k', GEMINI_API_URL: 'not a url' })).toThrow(
      /GEMINI_API_URL must be an http\(s\) URL/,
    );
    expect(geminiProviderFromEnv({ GEMINI_API_KEY: 'k' }).modelsUrl).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models',
    );
  });
});
