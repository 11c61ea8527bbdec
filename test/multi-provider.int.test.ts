// Several providers at once, through the shipped commands as real processes, each provider a local HTTP server
// answering as that provider does: isolated syncs, the per-provider deploy gate, PROVIDERS_PATH, --provider.
import { join } from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { models, providers, seedRuns } from '../db/schema';
import ollamaModels from './fixtures/providers/ollama-models.json';
import openAiModels from './fixtures/providers/openai-models.json';
import { jsonOf, runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';
import {
  type FakeListServer,
  startFakeListServer,
  startFakeOllama,
  startFakeOpenAi,
} from './support/fake-list-server';
import { type FakeMistral, startFakeMistral } from './support/fake-mistral';
import { scratchFiles } from './support/files';
import { freePort } from './support/next-server';

type ProviderJson = {
  provider: string;
  outcome: string;
  runId: string;
  added: number;
  retired: number;
  existingModels: number | null;
  error: { kind: string; message: string } | null;
};
type SyncJson = { ok: boolean; providers: ProviderJson[] };

const OPENAI_KEY = 'sk-multi-openai-0123456789';
let testDb: TestDb;
let mistral: FakeMistral;
let openai: FakeListServer;
let ollama: FakeListServer;
let closedPort: number;
const { dir: tmp, file } = scratchFiles('mr-multi-');

/** Mistral, OpenAI, Together and an Ollama server declared in PROVIDERS_PATH; Together's port answers nothing. */
function fourProviders(overrides: Record<string, string | undefined> = {}) {
  return {
    MISTRAL_API_KEY: 'mistral-multi-key',
    MISTRAL_API_URL: mistral.url,
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_API_URL: openai.url,
    TOGETHER_API_KEY: 'together-multi-key',
    TOGETHER_API_URL: `http://127.0.0.1:${closedPort}`,
    TOGETHER_TIMEOUT_MS: '1000',
    PROVIDERS_PATH: file('providers.json', {
      providers: [{ id: 'ollama', kind: 'openai-compatible', name: 'Ollama', baseUrl: `${ollama.url}/v1` }],
    }),
    ...overrides,
  };
}

const cli = (name: string, args: string[], env: Record<string, string | undefined>) =>
  runCli(name, args, { env: { ...testDb.env, ...env }, timeoutMs: 60_000 });

const byProvider = (json: SyncJson) => Object.fromEntries(json.providers.map((p) => [p.provider, p]));

async function countsByProvider(): Promise<Record<string, { all: number; retired: number }>> {
  const rows = await testDb.use(({ db }) =>
    db
      .select({
        provider: models.provider,
        all: sql<number>`count(*)::int`,
        retired: sql<number>`count(${models.retiredAt})::int`,
      })
      .from(models)
      .groupBy(models.provider)
      .orderBy(asc(models.provider)),
  );
  return Object.fromEntries(
    rows.map((r) => [r.provider, { all: Number(r.all), retired: Number(r.retired) }]),
  );
}

beforeAll(async () => {
  testDb = await createTestDb();
  mistral = await startFakeMistral();
  openai = await startFakeOpenAi(OPENAI_KEY, openAiModels);
  ollama = await startFakeOllama(ollamaModels);
  closedPort = await freePort();
});
afterAll(async () => {
  await testDb?.drop();
  await Promise.all([mistral?.close(), openai?.close(), ollama?.close()]);
});
beforeEach(async () => {
  await testDb.reset();
});

describe(`several providers on ${engine}`, () => {
  it('syncs four providers at once: the one that is down writes and retires nothing, the others apply, exit 1', async () => {
    const first = await cli('models-deploy', ['--json'], fourProviders());
    expect(first.code, first.stderr).toBe(1);
    const deployed = byProvider(jsonOf<SyncJson>(first));
    expect(jsonOf<SyncJson>(first).ok).toBe(false);
    expect(deployed.mistral).toMatchObject({ outcome: 'seeded', added: 44, error: null });
    expect(deployed.openai).toMatchObject({
      outcome: 'seeded',
      added: openAiModels.data.length,
      error: null,
    });
    expect(deployed.ollama).toMatchObject({
      outcome: 'seeded',
      added: ollamaModels.data.length,
      error: null,
    });
    expect(deployed.together).toMatchObject({ outcome: 'failed', added: 0, error: { kind: 'provider' } });
    expect(deployed.together?.error?.message).toMatch(/Together/);
    expect(Object.keys(await countsByProvider())).toEqual(['mistral', 'ollama', 'openai']);

    // Together answers now (a bare array is its shape) and is seeded; its first models stay when it goes down again.
    const together = await startFakeListServer({
      path: '/v1/models',
      authorized: (headers) => headers.authorization === 'Bearer together-multi-key',
      unauthorized: { status: 401, body: { error: { message: 'Invalid API key' } } },
      notFound: { status: 404, body: {} },
      recorded: [
        {
          id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
          object: 'model',
          type: 'chat',
          display_name: 'Llama 3.3 70B',
        },
        { id: 'BAAI/bge-large-en-v1.5', object: 'model', type: 'embedding', display_name: 'BGE Large' },
      ],
    });
    try {
      const seeded = await cli(
        'models-seed',
        ['--provider', 'together', '--json'],
        fourProviders({
          TOGETHER_API_URL: together.url,
        }),
      );
      expect(seeded.code, seeded.stderr).toBe(0);
      expect(jsonOf<SyncJson>(seeded).providers).toEqual([
        expect.objectContaining({ provider: 'together', outcome: 'applied', added: 2 }),
      ]);
    } finally {
      await together.close();
    }
    const before = await countsByProvider();

    // Every provider again, Together down: it is reported failed and keeps its models (nothing retired).
    const runsBefore = await testDb.use(({ db }) => db.select({ id: seedRuns.id }).from(seedRuns));
    const again = await cli('models-seed', ['--json'], fourProviders());
    expect(again.code, again.stderr).toBe(1);
    const json = jsonOf<SyncJson>(again);
    expect(json.ok).toBe(false);
    expect(json.providers.map((p) => [p.provider, p.outcome])).toEqual([
      ['mistral', 'applied'],
      ['openai', 'applied'],
      ['together', 'failed'],
      ['ollama', 'applied'],
    ]);
    expect(await countsByProvider()).toEqual(before);
    expect(before.together).toEqual({ all: 2, retired: 0 });

    // One seed_runs row per provider, the failed one with the provider's error.
    const runs = await testDb.use(({ db }) => db.select().from(seedRuns).orderBy(asc(seedRuns.provider)));
    const newRuns = runs.filter((r) => !runsBefore.some((b) => b.id === r.id));
    expect(newRuns.map((r) => [r.provider, r.outcome])).toEqual([
      ['mistral', 'applied'],
      ['ollama', 'applied'],
      ['openai', 'applied'],
      ['together', 'failed'],
    ]);
    expect(newRuns.find((r) => r.provider === 'together')?.error).toMatch(/Together/);
    expect(new Set(newRuns.map((r) => r.id))).toEqual(new Set(json.providers.map((p) => p.runId)));

    // People read the same: every provider named, the failure on stderr in the provider's words.
    const text = await cli('models-seed', [], fourProviders());
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^mistral: Seed applied from api/m);
    expect(text.stdout).toMatch(/^together: failed; nothing was written\./m);
    expect(text.stderr).toMatch(/^models:seed: together: .*Together/m);

    // The providers table knows each provider by its name.
    const names = await testDb.use(({ db }) =>
      db.select({ id: providers.id, name: providers.displayName }).from(providers).orderBy(asc(providers.id)),
    );
    expect(names).toEqual([
      { id: 'mistral', name: 'Mistral AI' },
      { id: 'ollama', name: 'Ollama' },
      { id: 'openai', name: 'OpenAI' },
      { id: 'together', name: 'Together AI' },
    ]);
  });

  it('a deploy seeds a newly configured provider and leaves the others and every admin decision alone', async () => {
    const mistralOnly = { MISTRAL_API_KEY: 'k', MISTRAL_API_URL: mistral.url };
    const first = await cli('models-deploy', ['--json'], mistralOnly);
    expect(first.code, first.stderr).toBe(0);
    expect(jsonOf<SyncJson>(first).providers).toEqual([
      expect.objectContaining({ provider: 'mistral', outcome: 'seeded', added: 44 }),
    ]);
    // An admin's decision on a Mistral model.
    await testDb.use(({ db }) =>
      db
        .update(models)
        .set({ status: 'inactive', statusSource: 'admin', statusSetBy: 'admin@example.com' })
        .where(and(eq(models.provider, 'mistral'), eq(models.modelId, 'mistral-large-latest'))),
    );

    const withOpenAi = { ...mistralOnly, OPENAI_API_KEY: OPENAI_KEY, OPENAI_API_URL: openai.url };
    const second = await cli('models-deploy', ['--json'], withOpenAi);
    expect(second.code, second.stderr).toBe(0);
    expect(jsonOf<SyncJson>(second).providers).toEqual([
      expect.objectContaining({ provider: 'mistral', outcome: 'skipped', existingModels: 44, added: 0 }),
      expect.objectContaining({ provider: 'openai', outcome: 'seeded', added: openAiModels.data.length }),
    ]);
    const third = await cli('models-deploy', ['--json'], withOpenAi);
    expect(jsonOf<SyncJson>(third).providers.map((p) => p.outcome)).toEqual(['skipped', 'skipped']);

    const [kept] = await testDb.use(({ db }) =>
      db
        .select({ status: models.status, source: models.statusSource })
        .from(models)
        .where(and(eq(models.provider, 'mistral'), eq(models.modelId, 'mistral-large-latest'))),
    );
    expect(kept).toEqual({ status: 'inactive', source: 'admin' });

    // The key removed: OpenAI is not synced, and its models stay as they are (nothing retired).
    const before = await countsByProvider();
    const seed = await cli('models-seed', ['--json'], mistralOnly);
    expect(seed.code, seed.stderr).toBe(0);
    expect(jsonOf<SyncJson>(seed).providers.map((p) => p.provider)).toEqual(['mistral']);
    expect(await countsByProvider()).toEqual(before);
    expect(before.openai).toEqual({ all: openAiModels.data.length, retired: 0 });
  });

  it('pins by provider-qualified entries and gives each provider its own status for new models', async () => {
    const env = {
      MISTRAL_API_KEY: 'k',
      MISTRAL_API_URL: mistral.url,
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_API_URL: openai.url,
      MODEL_DEFAULTS_PATH: file('defaults.json', {
        alwaysActive: ['mistral-large'],
        alwaysInactive: ['openai/gpt-4o-mini'],
        defaultNewModelStatus: 'inactive',
        providers: { openai: { defaultNewModelStatus: 'active' } },
      }),
    };
    const deploy = await cli('models-deploy', ['--json'], env);
    expect(deploy.code, deploy.stderr).toBe(0);
    const rows = await testDb.use(({ db }) =>
      db
        .select({
          provider: models.provider,
          modelId: models.modelId,
          status: models.status,
          source: models.statusSource,
        })
        .from(models),
    );
    const status = (provider: string, modelId: string) =>
      rows.find((r) => r.provider === provider && r.modelId === modelId);
    expect(status('openai', 'gpt-4o-mini')).toEqual({
      provider: 'openai',
      modelId: 'gpt-4o-mini',
      status: 'inactive',
      source: 'config',
    });
    expect(status('openai', 'gpt-4o')).toMatchObject({ status: 'active', source: 'default' });
    expect(status('mistral', 'mistral-large-latest')).toMatchObject({ status: 'active', source: 'config' });
    expect(status('mistral', 'codestral-latest')).toMatchObject({ status: 'inactive', source: 'default' });

    // The pin holds for a person too, through the same rules: OpenAI's gpt-4o-mini cannot be set active.
    const edit = await cli('models-edit', ['gpt-4o-mini', '--provider', 'openai', '--status', 'active'], env);
    expect(edit.code).toBe(1);
    expect(edit.stderr).toContain("pinned inactive by config (alwaysInactive: 'openai/gpt-4o-mini')");
  });

  it('refuses what it cannot do before touching anything: unknown or unconfigured providers, --source elsewhere', async () => {
    const unknown = await cli('models-seed', ['--provider', 'nope'], {});
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/Unknown provider "nope"\. Known providers: mistral, openai, anthropic/);

    const unconfigured = await cli('models-seed', ['--provider', 'openai', '--json'], {});
    expect(unconfigured.code).toBe(1);
    expect(jsonOf<{ error: { kind: string; message: string } }>(unconfigured).error).toEqual({
      kind: 'config',
      message: 'OpenAI (openai) is not configured: set OPENAI_API_KEY to sync it.',
    });

    const source = await cli('models-seed', ['--provider', 'openai', '--source', 'catalog'], {
      OPENAI_API_KEY: OPENAI_KEY,
    });
    expect(source.code).toBe(64);
    expect(source.stderr).toMatch(/--source is Mistral's/);

    const runs = await testDb.use(({ db }) => db.select().from(seedRuns));
    expect(runs).toEqual([]);
  });

  it('refuses a bad PROVIDERS_PATH file at start, naming the file and every bad entry', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['not-json.json', '{"providers": [', /not valid JSON/],
      ['no-list.json', { servers: [] }, /providers: /],
      [
        'bad-entries.json',
        {
          providers: [
            { id: 'openai', kind: 'openai-compatible', name: 'Mine', baseUrl: 'http://127.0.0.1:1/v1' },
            { id: 'vllm', kind: 'vllm', name: 'vLLM', baseUrl: 'http://127.0.0.1:2/v1' },
            { id: 'Bad Id', kind: 'openai-compatible', name: 'x', baseUrl: 'ftp://x' },
          ],
        },
        /providers\[0\] \("openai"\)\.id: "openai" is a built-in provider[\s\S]*providers\[1\] \("vllm"\)\.kind: unknown kind "vllm"[\s\S]*providers\[2\] \("Bad Id"\)\.baseUrl: must be an http\(s\) URL/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const path = file(name, content);
      for (const command of ['models-seed', 'models-deploy']) {
        const result = await cli(command, [], { PROVIDERS_PATH: path });
        expect(result.code, `${command} ${name}: ${result.stderr}`).toBe(1);
        expect(result.stderr, name).toContain(path);
        expect(result.stderr, name).toMatch(message);
      }
    }
    const missing = await cli('models-seed', [], { PROVIDERS_PATH: join(tmp, 'missing.json') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/PROVIDERS_PATH names .*missing\.json, which cannot be read \(ENOENT\)/);
    expect(await countsByProvider()).toEqual({});
  });
});
