// The OpenAI-compatible adapter over real HTTP: a local server answering GET /v1/models as Ollama does (no key), and
// one answering as a vLLM started with --api-key does (a bearer key, a bare array).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleProvider } from '../lib/registry/providers/openai-compatible';
import recorded from './fixtures/providers/ollama-models.json';
import { type FakeListServer, providerFailure, startFakeListServer } from './support/fake-list-server';

const KEY = 'vllm-TEST-SECRET-0123456789';
let ollama: FakeListServer;
let vllm: FakeListServer;

const ollamaClient = (extra: Partial<ConstructorParameters<typeof OpenAiCompatibleProvider>[0]> = {}) =>
  new OpenAiCompatibleProvider({
    id: 'ollama',
    name: 'Ollama',
    baseUrl: `${ollama.url}/v1`,
    timeoutMs: 2_000,
    retryBaseDelayMs: 10,
    ...extra,
  });

const failure = (promise: Promise<unknown>) => providerFailure(promise, KEY);

beforeAll(async () => {
  // Ollama needs no key: the recorded list answers only a request that sends none (so none is invented).
  ollama = await startFakeListServer({
    path: '/v1/models',
    authorized: (headers) => headers.authorization === undefined,
    unauthorized: { status: 400, body: { error: 'unexpected Authorization header' } },
    notFound: { status: 404, body: '404 page not found' },
    recorded,
  });
  vllm = await startFakeListServer({
    path: '/v1/models',
    authorized: (headers) => headers.authorization === `Bearer ${KEY}`,
    unauthorized: { status: 401, body: { error: 'Unauthorized' } },
    notFound: { status: 404, body: { detail: 'Not Found' } },
    recorded: [
      { id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', created: 1, owned_by: 'vllm', max_model_len: 32768 },
      { id: 'BAAI/bge-m3-embed', object: 'model', created: 1, owned_by: 'vllm' },
    ],
  });
});
afterAll(async () => {
  await ollama.close();
  await vllm.close();
});
beforeEach(() => {
  ollama.requests.length = 0;
  vllm.requests.length = 0;
});

describe('the OpenAI-compatible adapter', () => {
  it('reads Ollama’s recorded list from <baseUrl>/models without a key, normalised field by field', async () => {
    const provider = ollamaClient();
    expect([provider.id, provider.displayName, provider.modelsUrl]).toEqual([
      'ollama',
      'Ollama',
      `${ollama.url}/v1/models`,
    ]);
    const catalog = await provider.fetchCatalog();
    expect(ollama.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/v1/models', undefined],
    ]);
    expect(catalog.provider).toBe('ollama');
    expect(catalog.source).toEqual({ kind: 'api', url: `${ollama.url}/v1/models` });
    expect(catalog.warnings).toEqual([]);
    expect(catalog.cards).toEqual([
      {
        modelId: 'llama3.2:latest',
        groupName: 'llama3.2:latest',
        aliases: [],
        description: null,
        contextLength: null,
        capabilities: [],
        type: 'chat',
        deprecation: null,
        deprecationReplacement: null,
      },
      expect.objectContaining({ modelId: 'nomic-embed-text:latest', type: 'embedding' }),
      expect.objectContaining({ modelId: 'qwen2.5-coder:7b', type: 'chat' }),
    ]);
  });

  it('sends a configured key as a bearer token and accepts a bare array (vLLM)', async () => {
    const provider = new OpenAiCompatibleProvider({
      id: 'vllm-gpu',
      name: 'vLLM',
      baseUrl: `${vllm.url}/v1/`,
      apiKey: KEY,
      apiKeyEnv: 'VLLM_API_KEY',
    });
    const catalog = await provider.fetchCatalog();
    expect(vllm.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/v1/models', `Bearer ${KEY}`],
    ]);
    expect(catalog.cards.map((c) => [c.modelId, c.type])).toEqual([
      ['BAAI/bge-m3-embed', 'embedding'],
      ['Qwen/Qwen2.5-7B-Instruct', 'chat'],
    ]);
  });

  it('names the key’s variable, or the PROVIDERS_PATH entry, when the server refuses', async () => {
    const wrong = await failure(
      new OpenAiCompatibleProvider({
        id: 'vllm-gpu',
        name: 'vLLM',
        baseUrl: `${vllm.url}/v1`,
        apiKey: 'wrong-key',
        apiKeyEnv: 'VLLM_API_KEY',
      }).fetchCatalog(),
    );
    expect(wrong.message).toMatch(
      /^vLLM answered .*\/v1\/models with HTTP 401: Unauthorized\. Check VLLM_API_KEY\.$/,
    );
    const none = await failure(
      new OpenAiCompatibleProvider({
        id: 'vllm-gpu',
        name: 'vLLM',
        baseUrl: `${vllm.url}/v1`,
      }).fetchCatalog(),
    );
    expect(none.message).toMatch(
      /HTTP 401: Unauthorized\. Check the apiKeyEnv of provider "vllm-gpu" in PROVIDERS_PATH/,
    );
    const path = await failure(ollamaClient({ baseUrl: ollama.url }).fetchCatalog());
    expect(path.message).toMatch(
      /HTTP 404: "404 page not found"\. Check the baseUrl of provider "ollama" in PROVIDERS_PATH\./,
    );
  });

  it('names the server and where its URL is set when nothing listens there', async () => {
    const closed = await startFakeListServer({
      path: '/v1/models',
      authorized: () => true,
      unauthorized: {},
      notFound: {},
      recorded: [],
    });
    const deadUrl = closed.url;
    await closed.close();
    const error = await failure(ollamaClient({ baseUrl: `${deadUrl}/v1` }).fetchCatalog());
    expect(error.message).toMatch(
      /Could not reach Ollama at .* \(ECONNREFUSED\)\. Check the baseUrl of provider "ollama"/,
    );
  });

  it('names where the timeout is set when the server answers too slowly', async () => {
    ollama.enqueue({ delayMs: 1_000 });
    const error = await failure(ollamaClient({ timeoutMs: 200, maxRetries: 0 }).fetchCatalog());
    expect(error.message).toMatch(
      /^Ollama gave no complete answer from .*\/v1\/models within 200 ms \(the timeout for provider "ollama" in PROVIDERS_PATH\)/,
    );
  });

  it('tolerates drift and refuses an answer that is no list', async () => {
    ollama.enqueue(
      {
        body: {
          object: 'list',
          data: [{ id: 'x:1', details: { family: 'llama' } }, { id: 'x:1' }, { name: 'no-id' }],
        },
      },
      { body: { models: [{ name: 'llama3.2:latest' }] } },
    );
    const catalog = await ollamaClient().fetchCatalog();
    expect(catalog.cards.map((c) => c.modelId)).toEqual(['x:1']);
    expect(catalog.warnings).toEqual([
      expect.stringMatching(/^Ollama's answer from .*: card 2 has no id; skipped$/),
      expect.stringMatching(/x:1 is listed 2 times; kept one$/),
    ]);
    // Ollama's native /api/tags shape at the OpenAI path: a misconfigured baseUrl, refused as a whole.
    expect((await failure(ollamaClient().fetchCatalog())).message).toMatch(/is not a model list/);
  });

  it('refuses an unusable id, name or base URL when it is built', () => {
    const base = { id: 'ollama', name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1' };
    expect(() => new OpenAiCompatibleProvider({ ...base, id: 'Ollama Local' })).toThrow(
      /provider id "Ollama Local" is not usable/,
    );
    expect(() => new OpenAiCompatibleProvider({ ...base, name: ' ' })).toThrow(/needs a name/);
    expect(() => new OpenAiCompatibleProvider({ ...base, baseUrl: '127.0.0.1:11434' })).toThrow(
      /baseUrl must be an http\(s\) URL/,
    );
  });
});
