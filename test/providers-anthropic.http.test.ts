// The real Anthropic adapter over real HTTP against a local server that serves Anthropic's recorded pages only to a
// request carrying x-api-key and anthropic-version, and only for the cursor the recorded request used.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RegistryError } from '../lib/registry/errors';
import { AnthropicProvider, anthropicProviderFromEnv } from '../lib/registry/providers/anthropic';
import recorded from './fixtures/providers/anthropic-models.pages.json';
import { type FakeProvider, type RecordedPage, startFakeProvider } from './support/fake-provider';

const KEY = 'sk-ant-test-SECRET-0123456789';
const PAGES = recorded.pages as RecordedPage[];
const anthropicError = (type: string, message: string) => ({
  type: 'error',
  error: { type, message },
  request_id: 'req_fake',
});
let fake: FakeProvider;

function client(extra: Partial<ConstructorParameters<typeof AnthropicProvider>[0]> = {}) {
  return new AnthropicProvider({
    apiKey: KEY,
    baseUrl: fake.url,
    pageSize: 5,
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
  fake = await startFakeProvider({
    path: '/v1/models',
    pages: PAGES,
    auth: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
    unauthorized: { status: 401, body: anthropicError('authentication_error', 'invalid x-api-key') },
    unknownQuery: { status: 400, body: anthropicError('invalid_request_error', 'unexpected query') },
  });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.setPages(PAGES);
});

describe('the Anthropic adapter', () => {
  it('follows both recorded pages with the key in x-api-key and the version header', async () => {
    const catalog = await client().fetchCatalog();
    expect(fake.requests.map((r) => r.query)).toEqual([
      { limit: '5' },
      { limit: '5', after_id: 'claude-haiku-4-5-20251001' },
    ]);
    for (const request of fake.requests) {
      expect(request.headers).toMatchObject({ 'x-api-key': KEY, 'anthropic-version': '2023-06-01' });
      expect(request.headers.authorization).toBeUndefined();
    }
    expect(catalog.provider).toBe('anthropic');
    expect(catalog.source).toEqual({ kind: 'api', url: `${fake.url}/v1/models` });
    expect(catalog.warnings).toEqual([]);
    expect(catalog.cards.map((c) => c.modelId)).toEqual([
      'claude-3-5-haiku-20241022',
      'claude-3-7-sonnet-20250219',
      'claude-3-haiku-20240307',
      'claude-haiku-4-5-20251001',
      'claude-opus-4-1-20250805',
      'claude-opus-4-20250514',
      'claude-sonnet-4-20250514',
      'claude-sonnet-4-5-20250929',
    ]);
  });

  it('normalises each card field by field: display name kept, type chat, nothing guessed', async () => {
    const cards = (await client().fetchCatalog()).cards;
    const byId = (id: string) => cards.find((c) => c.modelId === id);
    expect(byId('claude-sonnet-4-5-20250929')).toEqual({
      modelId: 'claude-sonnet-4-5-20250929',
      groupName: 'claude-sonnet-4-5-20250929',
      aliases: [],
      description: null,
      contextLength: null,
      capabilities: ['completion_chat'],
      type: 'chat',
      deprecation: null,
      deprecationReplacement: null,
      displayName: 'Claude Sonnet 4.5',
    });
    expect(byId('claude-3-7-sonnet-20250219')).toMatchObject({
      displayName: 'Claude Sonnet 3.7',
      type: 'chat',
    });
    expect(byId('claude-3-haiku-20240307')).toMatchObject({
      displayName: 'Claude Haiku 3',
      contextLength: null,
    });
  });

  it('keeps following while has_more, even when a page holds fewer than asked', async () => {
    const all = PAGES.flatMap((p) => (p.response as { data: { id: string }[] }).data);
    fake.setPages([
      {
        request: { query: { limit: '5' } },
        response: { data: all.slice(0, 2), has_more: true, last_id: all[1]!.id },
      },
      {
        request: { query: { limit: '5', after_id: all[1]!.id } },
        response: { data: all.slice(2, 3), has_more: true, last_id: all[2]!.id },
      },
      {
        request: { query: { limit: '5', after_id: all[2]!.id } },
        response: { data: all.slice(3), has_more: false, last_id: all.at(-1)!.id },
      },
    ]);
    const catalog = await client().fetchCatalog();
    expect(fake.requests).toHaveLength(3);
    expect(catalog.cards).toHaveLength(8);
  });

  it('stops with an error, not a loop, when the cursor does not advance or is missing', async () => {
    fake.enqueue(
      { body: { data: [{ id: 'a' }], has_more: true, last_id: 'a' } },
      { body: { data: [{ id: 'b' }], has_more: true, last_id: 'a' } },
    );
    expect((await failure(client().fetchCatalog())).message).toMatch(
      /page 2\) says more models follow but gives no new cursor \(last_id "a" again\)/,
    );
    expect(fake.requests).toHaveLength(2);
    fake.enqueue({ body: { data: [], has_more: true } });
    expect((await failure(client().fetchCatalog())).message).toMatch(/no new cursor \(last_id missing\)/);
  });

  it('reports a wrong key in Anthropic’s own words, naming the variable, without retrying', async () => {
    const error = await failure(
      new AnthropicProvider({ apiKey: 'sk-ant-wrong', baseUrl: fake.url, pageSize: 5 }).fetchCatalog(),
    );
    expect(error.message).toMatch(
      /Anthropic answered .*\/v1\/models\?limit=5 with HTTP 401: invalid x-api-key\. Check ANTHROPIC_API_KEY\./,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('retries an overloaded answer (529) and a rate limit, then reads every page', async () => {
    fake.enqueue(
      { status: 529, body: anthropicError('overloaded_error', 'Overloaded') },
      { status: 429, headers: { 'retry-after': '0' }, body: anthropicError('rate_limit_error', 'Slow down') },
    );
    const seen: (number | null)[] = [];
    const catalog = await client().fetchCatalog({ onRetry: ({ status }) => seen.push(status) });
    expect(seen).toEqual([529, 429]);
    expect(catalog.cards).toHaveLength(8);
  });

  it('a failure on a later page fails the whole list (nothing partial)', async () => {
    fake.enqueue(
      { body: (PAGES[0] as RecordedPage).response },
      { status: 400, body: anthropicError('invalid_request_error', 'after_id is not a valid model') },
    );
    const error = await failure(client().fetchCatalog());
    expect(error.message).toMatch(/HTTP 400: after_id is not a valid model\./);
  });

  it('refuses an answer without a data list, and tolerates drift in the cards', async () => {
    fake.enqueue({ body: { models: [] } });
    expect((await failure(client().fetchCatalog())).message).toMatch(/page 1\) is not a model list/);
    fake.enqueue({
      body: {
        data: [
          { id: 'claude-bare' },
          {
            id: 'claude-next-20270101',
            type: 'model',
            display_name: 'Claude\u001b[31m Next\n',
            max_input_tokens: 1_000_000,
            capabilities: {
              image_input: { supported: true },
              pdf_input: { supported: true },
              thinking: { supported: true, types: { adaptive: { supported: true } } },
              batch: { supported: false },
              'Weird Flag': { supported: true },
            },
            brand_new_field: { nested: true },
          },
          { id: 'bad id with spaces' },
          { display_name: 'no id at all' },
          { id: 'claude-bare', display_name: 'Claude Bare' },
        ],
        has_more: false,
      },
    });
    const catalog = await client().fetchCatalog();
    expect(catalog.cards).toEqual([
      {
        modelId: 'claude-bare',
        groupName: 'claude-bare',
        aliases: [],
        description: null,
        contextLength: null,
        capabilities: ['completion_chat'],
        type: 'chat',
        deprecation: null,
        deprecationReplacement: null,
        displayName: 'Claude Bare',
      },
      expect.objectContaining({
        modelId: 'claude-next-20270101',
        displayName: 'Claude[31m Next',
        contextLength: 1_000_000,
        capabilities: ['completion_chat', 'pdf_input', 'reasoning', 'vision'],
      }),
    ]);
    expect(catalog.warnings).toEqual([
      expect.stringContaining('card 2 has the id "bad id with spaces", which breaks the model-id rule'),
      expect.stringContaining('card 3 has no id; skipped'),
      expect.stringContaining('claude-bare is listed 2 times; kept one'),
      expect.stringContaining('claude-next-20270101: control characters removed from its name'),
    ]);
  });

  it('refuses a list whose cards are mostly unusable', async () => {
    fake.enqueue({ body: { data: [{ id: 'x y' }, { nope: 1 }, { id: 'fine' }], has_more: false } });
    expect((await failure(client().fetchCatalog())).message).toMatch(/2 of 3 cards have no usable id/);
  });

  it('is configured from the environment, refusing bad settings by name', () => {
    expect(() => anthropicProviderFromEnv({})).toThrow(/ANTHROPIC_API_KEY is not set/);
    expect(() => anthropicProviderFromEnv({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_API_URL: 'ftp://x' })).toThrow(
      /ANTHROPIC_API_URL must be an http\(s\) URL/,
    );
    expect(() => anthropicProviderFromEnv({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_TIMEOUT_MS: '5' })).toThrow(
      /ANTHROPIC_TIMEOUT_MS must be a whole number/,
    );
    const provider = anthropicProviderFromEnv({ ANTHROPIC_API_KEY: ' k ' });
    expect(provider.modelsUrl).toBe('https://api.anthropic.com/v1/models');
    expect(
      anthropicProviderFromEnv({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_API_URL: 'http://h:1/' }).modelsUrl,
    ).toBe('http://h:1/v1/models');
  });
});
