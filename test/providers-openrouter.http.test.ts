// The real OpenRouter adapter over real HTTP against a local server that serves OpenRouter's recorded list. The list
// is public: the key goes as a bearer token only when one is set, and its absence is no error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RegistryError } from '../lib/registry/errors';
import {
  normalizeOpenRouterModels,
  OpenRouterProvider,
  openRouterProviderFromEnv,
  perMillionTokens,
} from '../lib/registry/providers/openrouter';
import recorded from './fixtures/providers/openrouter-models.json';
import { type FakeProvider, startFakeProvider } from './support/fake-provider';

const KEY = 'sk-or-v1-test-SECRET-0123456789';
let fake: FakeProvider;

function client(extra: Partial<ConstructorParameters<typeof OpenRouterProvider>[0]> = {}) {
  return new OpenRouterProvider({ apiKey: KEY, baseUrl: fake.url, retryBaseDelayMs: 10, ...extra });
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
    path: '/api/v1/models',
    // Only the whole list is recorded: without output_modalities=all OpenRouter lists text-output models only.
    pages: [{ request: { query: { output_modalities: 'all' } }, response: recorded }],
    auth: {},
    unauthorized: { status: 401, body: { error: { message: 'No auth credentials found', code: 401 } } },
    unknownQuery: { status: 400, body: { error: { message: 'Invalid query', code: 400 } } },
  });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

describe('the OpenRouter adapter', () => {
  it('reads the recorded list, sending the key as a bearer token when it is set', async () => {
    const catalog = await client().fetchCatalog();
    expect(fake.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/v1/models', query: { output_modalities: 'all' } }),
    ]);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(catalog.provider).toBe('openrouter');
    expect(catalog.source).toEqual({ kind: 'api', url: `${fake.url}/api/v1/models?output_modalities=all` });
    expect(catalog.warnings).toEqual([]);
    expect(catalog.cards.map((c) => c.modelId)).toEqual([
      'anthropic/claude-sonnet-4.5',
      'deepseek/deepseek-chat-v3.1',
      'google/gemini-2.5-flash',
      'meta-llama/llama-3.3-70b-instruct',
      'mistralai/mistral-large-2411',
      'openai/gpt-4o-mini',
      'qwen/qwen3-coder:free',
    ]);
  });

  it('reads the list without a key, sending no Authorization at all', async () => {
    const catalog = await client({ apiKey: null }).fetchCatalog();
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();
    expect(catalog.cards).toHaveLength(7);
  });

  it('normalises each card field by field: modalities, parameters, canonical slug, name', async () => {
    const cards = (await client().fetchCatalog()).cards;
    const byId = (id: string) => cards.find((c) => c.modelId === id);
    expect(byId('anthropic/claude-sonnet-4.5')).toEqual({
      modelId: 'anthropic/claude-sonnet-4.5',
      groupName: 'anthropic/claude-sonnet-4.5',
      aliases: [],
      description: null,
      contextLength: 1000000,
      capabilities: ['completion_chat', 'file_input', 'function_calling', 'vision'],
      type: 'chat',
      deprecation: null,
      deprecationReplacement: null,
      displayName: 'Anthropic: Claude Sonnet 4.5',
      price: { input: '3', output: '15' },
    });
    expect(byId('google/gemini-2.5-flash')).toMatchObject({
      capabilities: ['audio_input', 'completion_chat', 'file_input', 'function_calling', 'vision'],
      contextLength: 1048576,
    });
    expect(byId('mistralai/mistral-large-2411')).toMatchObject({
      capabilities: ['completion_chat', 'function_calling'],
      displayName: 'Mistral: Mistral Large 2411',
      type: 'chat',
    });
    // The free variant is the same model as its paid slug.
    expect(byId('qwen/qwen3-coder:free')).toMatchObject({
      groupName: 'qwen/qwen3-coder',
      displayName: 'Qwen: Qwen3 Coder 480B A35B (free)',
      contextLength: 262144,
    });
  });

  it('carries the prices (USD per token strings) on each card as exact USD per million tokens', async () => {
    const { cards } = await client().fetchCatalog();
    const price = (id: string) => cards.find((c) => c.modelId === id)?.price;
    expect(price('anthropic/claude-sonnet-4.5')).toEqual({ input: '3', output: '15' });
    expect(price('openai/gpt-4o-mini')).toEqual({ input: '0.15', output: '0.6' });
    expect(price('meta-llama/llama-3.3-70b-instruct')).toEqual({ input: '0.13', output: '0.4' });
    // A free variant is free (0), not unknown.
    expect(price('qwen/qwen3-coder:free')).toEqual({ input: '0', output: '0' });
    expect(perMillionTokens('0.0000000123')).toBe('0.0123');
    expect(perMillionTokens('12')).toBe('12000000');
    // openrouter/auto prices "-1" (variable): not a price.
    for (const odd of ['-1', '', 'free', 1e-6, null]) expect(perMillionTokens(odd)).toBeNull();
  });

  it('keeps a price that is not one unknown, with a warning, never 0; "-1" (variable) is unknown silently', () => {
    const listed = (id: string, pricing: unknown) => ({
      id,
      name: id,
      architecture: { input_modalities: ['text'], output_modalities: ['text'] },
      pricing,
    });
    const { cards, warnings } = normalizeOpenRouterModels(
      {
        data: [
          listed('a/odd', { prompt: 'free', completion: '0.000002' }),
          listed('a/huge', { prompt: '999', completion: '-5' }),
          listed('openrouter/auto', { prompt: '-1', completion: '-1' }),
          listed('a/none', {}),
        ],
      },
      'the test list',
    );
    const byId = Object.fromEntries(cards.map((c) => [c.modelId, c.price]));
    expect(byId).toEqual({
      'a/odd': { input: null, output: '2' },
      'a/huge': undefined,
      'openrouter/auto': undefined,
      'a/none': undefined,
    });
    expect(warnings.join('\n')).toMatch(/a\/odd.*unreadable prompt price "free" ignored/);
    expect(warnings.join('\n')).toMatch(
      /a\/huge.*unreadable prompt price "999" ignored.*completion price "-5"/,
    );
    expect(warnings.join('\n')).not.toMatch(/openrouter\/auto/);
  });

  it('reports a refused key in OpenRouter’s own words, naming the variable, without retrying', async () => {
    fake.enqueue({ status: 401, body: { error: { message: 'User not found.', code: 401 } } });
    const error = await failure(client().fetchCatalog());
    expect(error.message).toMatch(
      /OpenRouter answered .*\/api\/v1\/models\?output_modalities=all with HTTP 401: User not found\. Check OPENROUTER_API_KEY\.$/,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('retries 429 and 502, then reads the list', async () => {
    fake.enqueue(
      {
        status: 429,
        headers: { 'retry-after': '0' },
        body: { error: { message: 'Rate limit exceeded', code: 429 } },
      },
      { status: 502, body: '<html><body>Bad gateway</body></html>' },
    );
    const seen: (number | null)[] = [];
    const catalog = await client().fetchCatalog({ onRetry: ({ status }) => seen.push(status) });
    expect(seen).toEqual([429, 502]);
    expect(catalog.cards).toHaveLength(7);
  });

  it('refuses an answer without a data list', async () => {
    fake.enqueue({ body: [] }, { body: { data: 'none' } });
    expect((await failure(client().fetchCatalog())).message).toMatch(
      /expected a JSON object with a "data" array/,
    );
    expect((await failure(client().fetchCatalog())).message).toMatch(
      /expected a JSON object with a "data" array/,
    );
  });

  it('tolerates drift: modality string only, image and embedding outputs, expiry dates, missing fields', async () => {
    fake.enqueue({
      body: {
        data: [
          { id: 'vendor/bare' },
          {
            id: 'vendor/painter',
            name: 'Vendor: Painter',
            architecture: { modality: 'text+image->image' },
            top_provider: { context_length: 4096 },
            expiration_date: '2026-11-08',
          },
          {
            id: 'vendor/embedder',
            architecture: { input_modalities: ['text'], output_modalities: ['embeddings'] },
            supported_parameters: ['reasoning', 'structured_outputs', 'seed'],
            expiration_date: 'someday',
            description: 'Vectors\u0000 for all',
          },
          { id: 'vendor/bad id' },
        ],
      },
    });
    const catalog = await client().fetchCatalog();
    expect(catalog.cards).toEqual([
      {
        modelId: 'vendor/bare',
        groupName: 'vendor/bare',
        aliases: [],
        description: null,
        contextLength: null,
        capabilities: [],
        type: 'other',
        deprecation: null,
        deprecationReplacement: null,
      },
      expect.objectContaining({
        modelId: 'vendor/embedder',
        type: 'embedding',
        capabilities: ['embedding', 'reasoning', 'structured_outputs'],
        description: 'Vectors for all',
        deprecation: null,
      }),
      expect.objectContaining({
        modelId: 'vendor/painter',
        type: 'image',
        capabilities: ['image_output', 'vision'],
        contextLength: 4096,
        deprecation: '2026-11-08T00:00:00.000Z',
        displayName: 'Vendor: Painter',
      }),
    ]);
    expect(catalog.warnings).toEqual([
      expect.stringContaining('card 3 has the id "vendor/bad id", which breaks the model-id rule'),
      expect.stringContaining(
        'vendor/embedder: control characters removed from its description; unreadable expiration date "someday" ignored',
      ),
    ]);
  });

  it('is configured from the environment: the key is optional, bad settings are refused by name', () => {
    expect(openRouterProviderFromEnv({}).modelsUrl).toBe(
      'https://openrouter.ai/api/v1/models?output_modalities=all',
    );
    expect(() => openRouterProviderFromEnv({ OPENROUTER_API_URL: 'openrouter.ai' })).toThrow(
      /OPENROUTER_API_URL must be an http\(s\) URL/,
    );
    expect(() => openRouterProviderFromEnv({ OPENROUTER_TIMEOUT_MS: 'soon' })).toThrow(
      /OPENROUTER_TIMEOUT_MS must be a whole number/,
    );
  });
});
