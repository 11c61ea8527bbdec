// models:doctor per provider, through the shipped commands as real processes: each provider a local HTTP server
// (or a closed port) answering as that provider does. A failed provider is named with its own error; a provider
// whose key was removed is "not configured" (its models kept); a configured one never synced is a warning.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ollamaModels from './fixtures/providers/ollama-models.json';
import openAiModels from './fixtures/providers/openai-models.json';
import { jsonOf, runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';
import { type FakeListServer, startFakeOllama, startFakeOpenAi } from './support/fake-list-server';
import { freePort } from './support/next-server';

type Finding = { check: string; status: 'ok' | 'warning' | 'problem'; detail: string };
type DoctorJson = {
  healthy: boolean;
  problems: string[];
  warnings: string[];
  findings: Finding[];
  providers: Array<{
    id: string;
    configured: boolean;
    models: number;
    lastRun: { outcome: string; error: string | null } | null;
    lastSyncedAt: string | null;
  }>;
};

const OPENAI_KEY = 'sk-doctor-openai-0123456789';
let testDb: TestDb;
let openai: FakeListServer;
let ollama: FakeListServer;
let closedPort: number;
const tmp = mkdtempSync(join(tmpdir(), 'mr-doctor-'));

function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** OpenAI answers; Together's port answers nothing. */
const twoProviders = () => ({
  OPENAI_API_KEY: OPENAI_KEY,
  OPENAI_API_URL: openai.url,
  TOGETHER_API_KEY: 'together-doctor-key',
  TOGETHER_API_URL: `http://127.0.0.1:${closedPort}`,
  TOGETHER_TIMEOUT_MS: '1000',
});

const cli = (name: string, args: string[], env: Record<string, string | undefined>) =>
  runCli(name, args, { env: { ...testDb.env, ...env }, timeoutMs: 60_000 });

const finding = (report: DoctorJson, id: string) => report.findings.find((f) => f.check === `provider ${id}`);

beforeAll(async () => {
  testDb = await createTestDb();
  openai = await startFakeOpenAi(OPENAI_KEY, openAiModels);
  ollama = await startFakeOllama(ollamaModels);
  closedPort = await freePort();
});
afterAll(async () => {
  await testDb?.drop();
  await Promise.all([openai?.close(), ollama?.close()]);
});
beforeEach(async () => {
  await testDb.reset();
});

describe(`models:doctor per provider on ${engine}`, () => {
  it('names the provider whose last sync failed, with its own error and time (exit 1); the others are ✔', async () => {
    const seed = await cli('models-seed', ['--json'], twoProviders());
    expect(seed.code, seed.stderr).toBe(1);

    const text = await cli('models-doctor', [], twoProviders());
    expect(text.code, text.stdout).toBe(1);
    expect(text.stdout).toMatch(
      /^✔ providers: 2 configured: openai \(OPENAI_API_KEY\), together \(TOGETHER_API_KEY\)$/m,
    );
    expect(text.stdout).toMatch(
      /^✘ provider together: Together AI: the last sync \(\d{4}-\d\d-\d\dT[\d:.]+Z, cli\) failed: .*127\.0\.0\.1/m,
    );
    expect(text.stdout).toMatch(/^✔ provider openai: OpenAI: last sync \d{4}-.*cli applied.*\d+ models/m);
    // Reported once, per provider: no global "the last run failed" besides.
    const findingLines = text.stdout.split('\n').filter((line) => /^[✔⚠✘] /.test(line));
    expect(findingLines.filter((line) => line.includes('failed'))).toHaveLength(1);
    expect(text.stdout).toMatch(/^1 problem found \(✘\)/m);

    const report = jsonOf<DoctorJson>(await cli('models-doctor', ['--json'], twoProviders()));
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual([
      expect.stringMatching(/^provider together: Together AI: the last sync/),
    ]);
    const byId = Object.fromEntries(report.providers.map((p) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual(['openai', 'together']);
    expect(byId.openai).toMatchObject({ configured: true, lastRun: { outcome: 'applied', error: null } });
    expect(byId.openai?.models).toBeGreaterThan(0);
    expect(byId.openai?.lastSyncedAt).toEqual(expect.any(String));
    expect(byId.together).toMatchObject({ configured: true, models: 0, lastSyncedAt: null });
    expect(byId.together?.lastRun?.outcome).toBe('failed');
    expect(byId.together?.lastRun?.error).toMatch(/127\.0\.0\.1/);

    // Without its key (and with no models) Together is no longer one of this deployment's providers: healthy.
    const fixed = { ...twoProviders(), TOGETHER_API_KEY: undefined };
    const healthy = await cli('models-doctor', ['--json'], fixed);
    expect(healthy.code, healthy.stdout).toBe(0);
    expect(finding(jsonOf<DoctorJson>(healthy), 'together')).toBeUndefined();
  });

  it('a provider with models whose key was removed is ⚠ not configured: its models are kept, not synced', async () => {
    expect((await cli('models-seed', ['--provider', 'openai'], twoProviders())).code).toBe(0);

    const withoutKey = { OPENAI_API_URL: openai.url, GROQ_API_KEY: 'groq-doctor-key' };
    const text = await cli('models-doctor', [], withoutKey);
    expect(text.code, text.stdout).toBe(0);
    expect(text.stdout).toMatch(
      /^⚠ provider openai: OpenAI is not configured: its \d+ models are kept as they are, not synced\. Set OPENAI_API_KEY to sync it\./m,
    );
    // Configured but never synced.
    expect(text.stdout).toMatch(
      /^⚠ provider groq: Groq is configured \(GROQ_API_KEY\) but has never been synced\. Run `npm run models:seed -- --provider groq`\./m,
    );
    const report = jsonOf<DoctorJson>(await cli('models-doctor', ['--json'], withoutKey));
    expect(report.providers.find((p) => p.id === 'openai')).toMatchObject({ configured: false });
    expect(report.healthy).toBe(true);
  });

  it('a server whose declaration left PROVIDERS_PATH keeps its models: ⚠ not configured, saying how to declare it', async () => {
    const declared = file('ollama.json', {
      providers: [{ id: 'ollama', kind: 'openai-compatible', name: 'Ollama', baseUrl: `${ollama.url}/v1` }],
    });
    expect((await cli('models-seed', [], { PROVIDERS_PATH: declared })).code).toBe(0);
    const withIt = await cli('models-doctor', [], { PROVIDERS_PATH: declared });
    expect(withIt.stdout).toMatch(
      /^✔ providers: 1 configured: ollama \(PROVIDERS_PATH \(.*ollama\.json\)\)$/m,
    );
    expect(withIt.stdout).toMatch(/^✔ provider ollama: Ollama: last sync \S+ cli applied; 3 models/m);

    const without = await cli('models-doctor', ['--json'], {});
    expect(without.code, without.stdout).toBe(0);
    const report = jsonOf<DoctorJson>(without);
    expect(report.findings.find((f) => f.check === 'providers')).toMatchObject({
      status: 'ok',
      detail: "none configured: Mistral's bundled offline catalog stands in",
    });
    expect(finding(report, 'ollama')).toEqual({
      check: 'provider ollama',
      status: 'warning',
      detail:
        'Ollama is not configured: its 3 models are kept as they are, not synced. Declare "ollama" in PROVIDERS_PATH to sync it.',
    });
    expect(report.providers.find((p) => p.id === 'ollama')).toMatchObject({ configured: false, models: 3 });
  });

  it('a bad PROVIDERS_PATH is a ✘ config problem naming the file (exit 1)', async () => {
    expect((await cli('models-seed', [], {})).code).toBe(0); // the bundled catalog: the rest is healthy
    const bad = file('bad-providers.json', { providers: [{ id: 'x', kind: 'nope' }] });
    const text = await cli('models-doctor', [], { PROVIDERS_PATH: bad });
    expect(text.code, text.stdout).toBe(1);
    expect(text.stdout).toMatch(/^✘ providers: The provider declarations in .*bad-providers\.json/m);
    expect(text.stdout).toMatch(/^1 problem found \(✘\)/m);

    const missing = await cli('models-doctor', ['--json'], { PROVIDERS_PATH: join(tmp, 'none.json') });
    expect(missing.code).toBe(1);
    expect(jsonOf<DoctorJson>(missing).problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^providers: PROVIDERS_PATH names .*none\.json/)]),
    );
  });
});
