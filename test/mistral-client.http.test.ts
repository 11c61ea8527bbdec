// The real Mistral client over real HTTP against a local server that answers as Mistral does (or misbehaves).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RegistryError } from '../lib/registry/errors';
import { MistralProvider } from '../lib/registry/providers/mistral';
import errors from './fixtures/mistral-api-errors.json';
import {
  type FakeMistral,
  RECORDED_CATALOG,
  startFakeMistral,
  syntheticCatalog,
} from './support/fake-mistral';

const KEY = 'sk-test-SECRET-0123456789';
let fake: FakeMistral;

function client(extra: Partial<ConstructorParameters<typeof MistralProvider>[0]> = {}) {
  return new MistralProvider({
    apiKey: KEY,
    baseUrl: fake.url,
    timeoutMs: 2_000,
    retryBaseDelayMs: 10,
    ...extra,
  });
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
  fake = await startFakeMistral();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

describe('the Mistral client', () => {
  it('reads the recorded catalog: 44 cards, normalised, with the key sent as a bearer token', async () => {
    const catalog = await client().fetchCatalog();
    expect(catalog.cards).toHaveLength(44);
    expect(catalog.source).toEqual({ kind: 'api', url: `${fake.url}/v1/models` });
    expect(catalog.warnings).toEqual([]);
    expect(fake.requests).toEqual([{ method: 'GET', path: '/v1/models', authorization: `Bearer ${KEY}` }]);
    const large = catalog.cards.find((c) => c.modelId === 'mistral-large-latest');
    expect(large).toEqual({
      modelId: 'mistral-large-latest',
      groupName: 'mistral-large-2512',
      aliases: [],
      description: expect.any(String),
      contextLength: expect.any(Number),
      capabilities: ['completion_chat', 'fine_tuning', 'function_calling', 'vision'],
      type: 'chat',
      deprecation: null,
      deprecationReplacement: null,
    });
    const tiny = catalog.cards.find((c) => c.modelId === 'mistral-tiny');
    expect(tiny).toMatchObject({
      groupName: 'open-mistral-7b',
      aliases: ['mistral-tiny-2312', 'open-mistral-7b'],
      deprecation: '2026-01-31T12:00:00.000Z',
      deprecationReplacement: 'ministral-8b-latest',
    });
    expect(catalog.cards.map((c) => c.modelId)).toEqual([...catalog.cards.map((c) => c.modelId)].sort());
  });

  it.each([
    ['unauthorized_401_2025', /HTTP 401: Unauthorized\. Check MISTRAL_API_KEY/],
    ['unauthorized_401_2026', /HTTP 401: Unauthorized\. Check MISTRAL_API_KEY/],
    ['no_route_404', /HTTP 404: no Route matched with those values\. Check MISTRAL_API_URL/],
    ['invalid_model_400', /HTTP 400: Invalid model/],
    ['validation_422_shape', /HTTP 422: path\.model_id: <message>/],
  ] as const)(
    'reports %s with the status and the provider’s message, without retrying',
    async (name, message) => {
      const recorded = errors[name] as { status: number; body: unknown };
      fake.enqueue({ status: recorded.status, body: recorded.body });
      const error = await failure(client().fetchCatalog());
      expect(error.message).toMatch(message);
      expect(fake.requests).toHaveLength(1);
    },
  );

  it('reports 403 as an access problem', async () => {
    fake.enqueue({ status: 403, body: { detail: 'Forbidden' } });
    expect((await failure(client().fetchCatalog())).message).toMatch(
      /HTTP 403: Forbidden\. Check MISTRAL_API_KEY/,
    );
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after': '1' }, body: errors.rate_limited_429_2026.body });
    const retries: number[] = [];
    const started = Date.now();
    const catalog = await client().fetchCatalog({ onRetry: ({ delayMs }) => retries.push(delayMs) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(retries).toEqual([1000]);
    expect(catalog.cards).toHaveLength(44);
    expect(fake.requests).toHaveLength(2);
  });

  it('backs off on 429 without Retry-After, and on 502/503, then succeeds', async () => {
    fake.enqueue(
      { status: 429, body: errors.rate_limited_429_2025.body },
      { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      { status: 503, body: { message: 'Service unavailable' } },
    );
    const seen: (number | null)[] = [];
    const catalog = await client().fetchCatalog({ onRetry: ({ status }) => seen.push(status) });
    expect(seen).toEqual([429, 502, 503]);
    expect(catalog.cards).toHaveLength(44);
  });

  it('gives up after 3 retries on persistent 500s, naming the status and the attempts', async () => {
    fake.enqueue(...Array.from({ length: 4 }, () => ({ status: 500, body: { message: 'Internal error' } })));
    const error = await failure(client().fetchCatalog());
    expect(error.message).toMatch(/HTTP 500: Internal error\..*gave up after 4 attempts/);
    expect(fake.requests).toHaveLength(4);
  });

  it('fails at once when Retry-After asks for longer than it waits', async () => {
    fake.enqueue({
      status: 429,
      headers: { 'retry-after': '3600' },
      body: errors.rate_limited_429_2026.body,
    });
    const started = Date.now();
    const error = await failure(client().fetchCatalog());
    expect(error.message).toMatch(/Rate limit exceeded.*retry after 3600 s.*Try again later/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('times out when no headers come, and when the body stalls', async () => {
    fake.enqueue({ delayMs: 5_000 }, { stallBody: true });
    const error = await failure(client({ timeoutMs: 300, maxRetries: 1 }).fetchCatalog());
    expect(error.message).toMatch(
      /no complete answer .* within 300 ms \(MISTRAL_TIMEOUT_MS\).*gave up after 2 attempts/,
    );
  });

  it('refuses truncated JSON, an HTML page with 200, and a body without a data list', async () => {
    const text = JSON.stringify(RECORDED_CATALOG);
    fake.enqueue({ status: 200, body: text.slice(0, 1000) });
    expect((await failure(client().fetchCatalog())).message).toMatch(/not valid JSON/);
    fake.enqueue({ status: 200, body: '<html>maintenance</html>' });
    expect((await failure(client().fetchCatalog())).message).toMatch(/not valid JSON/);
    fake.enqueue({ status: 200, body: { object: 'list', models: [] } });
    expect((await failure(client().fetchCatalog())).message).toMatch(
      /expected a JSON object with a "data" array/,
    );
  });

  it('tolerates drift: missing optional fields, unknown flags, extra fields', async () => {
    fake.enqueue({
      status: 200,
      body: {
        data: [
          { id: 'bare-model' },
          {
            id: 'future-model-2701',
            name: 'future-model-2701',
            capabilities: { completion_chat: true, telepathy: true, vision: 'yes' },
            aliases: ['future-model-latest', 42],
            max_context_length: 'lots',
            deprecation: 'not a date',
            brand_new_field: { nested: true },
          },
        ],
      },
    });
    const catalog = await client().fetchCatalog();
    expect(catalog.cards).toEqual([
      {
        modelId: 'bare-model',
        groupName: 'bare-model',
        aliases: [],
        description: null,
        contextLength: null,
        capabilities: [],
        type: 'other',
        deprecation: null,
        deprecationReplacement: null,
      },
      expect.objectContaining({
        modelId: 'future-model-2701',
        aliases: ['future-model-latest'],
        capabilities: ['completion_chat', 'telepathy'],
        type: 'chat',
        contextLength: null,
        deprecation: null,
      }),
    ]);
    expect(catalog.warnings).toEqual([expect.stringContaining('unreadable deprecation date "not a date"')]);
  });

  it('merges an id listed twice deterministically, whatever the order, and warns', async () => {
    const a = {
      id: 'dup',
      name: 'dup',
      aliases: ['dup-a'],
      capabilities: { completion_chat: true },
      description: 'first',
    };
    const b = {
      id: 'dup',
      name: 'dup',
      aliases: ['dup-b'],
      capabilities: { vision: true },
      max_context_length: 8192,
    };
    fake.enqueue({ status: 200, body: { data: [a, b] } }, { status: 200, body: { data: [b, a] } });
    const one = await client().fetchCatalog();
    const two = await client().fetchCatalog();
    expect(one.cards).toEqual(two.cards);
    expect(one.cards[0]).toMatchObject({
      aliases: ['dup-a', 'dup-b'],
      capabilities: ['completion_chat', 'vision'],
      description: 'first',
      contextLength: 8192,
    });
    expect(one.warnings).toEqual([expect.stringContaining('dup is listed 2 times')]);
  });

  it('returns an empty list as an empty catalog (the seed planner refuses it)', async () => {
    fake.enqueue({ status: 200, body: { object: 'list', data: [] } });
    expect((await client().fetchCatalog()).cards).toEqual([]);
  });

  it('handles 50,000 cards', async () => {
    fake.enqueue({ status: 200, body: syntheticCatalog(50_000) });
    const catalog = await client({ timeoutMs: 30_000 }).fetchCatalog();
    expect(catalog.cards).toHaveLength(50_000);
    expect(new Set(catalog.cards.map((c) => c.modelId)).size).toBe(50_000);
  });

  it('names the URL when nothing listens there, without retrying a refused connection', async () => {
    const gone = await startFakeMistral();
    await gone.close();
    const closed = new MistralProvider({
      apiKey: KEY,
      baseUrl: gone.url,
      timeoutMs: 2_000,
      retryBaseDelayMs: 10,
    });
    const error = await failure(closed.fetchCatalog());
    expect(error.message).toContain(`Could not reach Mistral at ${gone.url}/v1/models (ECONNREFUSED)`);
    expect(error.message).not.toContain('gave up');
  });

  it('a dropped connection is retried', async () => {
    fake.enqueue({ destroy: true });
    const catalog = await client().fetchCatalog();
    expect(catalog.cards).toHaveLength(44);
    expect(fake.requests).toHaveLength(2);
  });

  it('never echoes the API key, even when the provider does', async () => {
    fake.enqueue({ status: 401, body: { message: `Invalid key ${KEY}` } });
    const error = await failure(client().fetchCatalog());
    expect(error.message).toContain('Invalid key ***');
  });
});
